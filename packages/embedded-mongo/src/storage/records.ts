import { crc32 } from 'node:zlib';
import { deserialize, serialize } from 'bson';
import type { Change } from '../engine/types';

/**
 * Record framing shared by journal and snapshot files:
 *
 *   uint32 LE payload length | uint32 LE CRC-32 of (length bytes + payload) | payload (BSON)
 *
 * A record whose length or checksum does not hold marks where the good data
 * of a file ends (a torn write at a crash, or damage).
 */

export const RECORD_HEADER_BYTES = 8;
/** A record holds one change: at most one 16 MiB document, with ample room to spare. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** First bytes of each file kind, so a stray file is never replayed. */
export const JOURNAL_MAGIC = Buffer.from('EMJRNL01');
export const SNAPSHOT_MAGIC = Buffer.from('EMSNAP01');

/** Same decoding as the wire layer: int64 stays bigint, so replay rebuilds identical values. */
const decodeOptions = { useBigInt64: true } as const;

function checksum(header: Buffer, payload: Uint8Array): number {
  return crc32(payload, crc32(header.subarray(0, 4)));
}

export function encodeRecord(payload: Uint8Array): Buffer {
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.set(payload, RECORD_HEADER_BYTES);
  record.writeUInt32LE(checksum(record, payload), 4);
  return record;
}

export function encodeChange(change: Change): Buffer {
  return encodeRecord(serialize(change));
}

export function decodeChange(payload: Buffer): Change {
  return deserialize(payload, decodeOptions) as Change;
}

export interface ScanResult {
  /** Payloads of the good records, in file order (views of the scanned buffer). */
  readonly payloads: Buffer[];
  /** Offset just past the last good record. */
  readonly goodBytes: number;
  /** Why scanning stopped before the end of the data, if it did. */
  readonly problem?: string;
}

/** Reads the records of `data` from `start` up to the end or the first bad record. */
export function scanRecords(data: Buffer, start: number): ScanResult {
  const payloads: Buffer[] = [];
  let offset = start;
  const stop = (problem: string): ScanResult => ({ payloads, goodBytes: offset, problem });
  while (offset < data.length) {
    if (data.length - offset < RECORD_HEADER_BYTES) return stop('truncated record header');
    const length = data.readUInt32LE(offset);
    if (length < 5 || length > MAX_RECORD_BYTES) return stop(`bad record length ${length}`);
    const end = offset + RECORD_HEADER_BYTES + length;
    if (end > data.length) return stop('truncated record');
    const payload = data.subarray(offset + RECORD_HEADER_BYTES, end);
    if (checksum(data.subarray(offset), payload) !== data.readUInt32LE(offset + 4)) {
      return stop('checksum mismatch');
    }
    payloads.push(payload);
    offset = end;
  }
  return { payloads, goodBytes: offset };
}
