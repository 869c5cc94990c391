import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'bson';
import type { Change } from '../engine/types';
import { fsyncDirectory, SNAPSHOT_FILE, SNAPSHOT_TEMP_FILE, writeAll } from './layout';
import { encodeChange, encodeRecord, scanRecords, SNAPSHOT_MAGIC } from './records';

/**
 * A snapshot file: the magic, a header record `{ generation, changes }`, then
 * one record per change. It holds the state as of the start of journal
 * `generation`; recovery replays that journal and any later ones on top.
 */

/** Records are gathered into chunks of about this size before writing. */
const CHUNK_BYTES = 1024 * 1024;

export interface EncodedSnapshot {
  readonly chunks: Buffer[];
  readonly count: number;
}

/**
 * Encodes the whole state in one synchronous pass. No command can run in
 * between, so the snapshot is one consistent point in time.
 */
export function encodeSnapshot(changes: Iterable<Change>): EncodedSnapshot {
  const chunks: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let count = 0;
  for (const change of changes) {
    const record = encodeChange(change);
    pending.push(record);
    pendingBytes += record.length;
    count++;
    if (pendingBytes >= CHUNK_BYTES) {
      chunks.push(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pending.length > 0) chunks.push(Buffer.concat(pending, pendingBytes));
  return { chunks, count };
}

/**
 * Writes the snapshot to a temporary file, syncs it, renames it over the
 * previous snapshot and syncs the directory: at any crash point the directory
 * holds either the old snapshot or the new one, complete. Returns its size.
 */
export async function writeSnapshot(
  dir: string,
  generation: number,
  snapshot: EncodedSnapshot,
): Promise<number> {
  const temp = join(dir, SNAPSHOT_TEMP_FILE);
  const header = encodeRecord(serialize({ generation, changes: snapshot.count }));
  let bytes = SNAPSHOT_MAGIC.length + header.length;
  const handle = await open(temp, 'w');
  try {
    await writeAll(handle, Buffer.concat([SNAPSHOT_MAGIC, header]));
    for (const chunk of snapshot.chunks) {
      await writeAll(handle, chunk);
      bytes += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, join(dir, SNAPSHOT_FILE));
  await fsyncDirectory(dir);
  return bytes;
}

export interface LoadedSnapshot {
  readonly generation: number;
  /** One BSON-encoded change per entry. */
  readonly payloads: Buffer[];
  readonly bytes: number;
}

/** Reads the snapshot of `dir`, if there is one. A damaged snapshot stops the start. */
export async function readSnapshot(dir: string): Promise<LoadedSnapshot | undefined> {
  const path = join(dir, SNAPSHOT_FILE);
  const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (data === undefined) return undefined;
  const damaged = (why: string) =>
    new Error(
      `snapshot ${path} is damaged (${why}); restore it from a backup or remove the data directory`,
    );
  if (!data.subarray(0, SNAPSHOT_MAGIC.length).equals(SNAPSHOT_MAGIC)) {
    throw damaged('not a snapshot file');
  }
  const scan = scanRecords(data, SNAPSHOT_MAGIC.length);
  if (scan.problem !== undefined) throw damaged(`${scan.problem} at byte ${scan.goodBytes}`);
  const [headerPayload, ...payloads] = scan.payloads;
  const header = headerPayload === undefined ? {} : deserialize(headerPayload);
  if (typeof header.generation !== 'number' || header.changes !== payloads.length) {
    throw damaged('header does not match its contents');
  }
  return { generation: header.generation, payloads, bytes: data.length };
}
