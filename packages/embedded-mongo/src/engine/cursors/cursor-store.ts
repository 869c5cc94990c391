import { randomBytes } from 'node:crypto';
import { calculateObjectSize, type Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE } from '../catalog/document-rules';
import { CommandError, ErrorCode } from '../errors';

/** mongod's default size of a first batch. */
export const DEFAULT_FIRST_BATCH = 101;

/** A reply must stay a valid BSON object: batches stop short of 16 MiB (leaving room for the envelope). */
const MAX_BATCH_BYTES = MAX_BSON_OBJECT_SIZE - 64 * 1024;

interface OpenCursor {
  /** 0 until the cursor outlives its first batch. */
  id: bigint;
  readonly ns: string;
  readonly source: Iterator<Document>;
  /** A document read ahead to learn whether the cursor is exhausted. */
  pending: Document | undefined;
  readonly noTimeout: boolean;
  lastUsed: number;
}

export interface OpenOptions {
  /** Documents in the first batch; default 101 (0: none, only the cursor). */
  readonly batchSize?: number;
  /** Return one batch and close, whatever is left. */
  readonly singleBatch?: boolean;
  /** Exempt from the idle timeout (`noCursorTimeout`). */
  readonly noTimeout?: boolean;
}

/** The `cursor` field of a find/aggregate/getMore reply. */
export interface CursorReply {
  readonly id: bigint;
  readonly ns: string;
  readonly firstBatch?: Document[];
  readonly nextBatch?: Document[];
}

/**
 * Open server cursors: the `firstBatch`/`getMore`/`killCursors` life cycle.
 * A cursor reads its source lazily, batch by batch, and is dropped when
 * exhausted, killed, or idle for longer than the timeout.
 */
export class CursorStore {
  private readonly cursors = new Map<bigint, OpenCursor>();
  private readonly idleTimeoutMs: number;
  private readonly now: () => number;

  constructor(idleTimeoutMs: number, now: () => number = Date.now) {
    this.idleTimeoutMs = idleTimeoutMs;
    this.now = now;
  }

  /** Reads the first batch of `source`; keeps a cursor open only if documents remain. */
  open(ns: string, source: Iterator<Document>, options: OpenOptions = {}): CursorReply {
    // Most finds fit in their first batch: an id is only drawn for a cursor that stays open.
    const cursor: OpenCursor = {
      id: 0n,
      ns,
      source,
      pending: undefined,
      noTimeout: options.noTimeout ?? false,
      lastUsed: this.now(),
    };
    const batch = this.readBatch(cursor, options.batchSize ?? DEFAULT_FIRST_BATCH);
    const open = !options.singleBatch && this.hasMore(cursor);
    if (open) {
      cursor.id = this.newId();
      this.cursors.set(cursor.id, cursor);
    }
    return { id: cursor.id, ns, firstBatch: batch };
  }

  /** The next batch of a cursor (`batchSize` 0 or absent: as much as fits in a reply). */
  getMore(id: bigint, ns: string, batchSize?: number): CursorReply {
    const cursor = this.cursors.get(id);
    if (!cursor) throw new CommandError(ErrorCode.CursorNotFound, `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      throw new CommandError(
        ErrorCode.Unauthorized,
        `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`,
      );
    }
    cursor.lastUsed = this.now();
    const batch = this.readBatch(cursor, batchSize || Infinity);
    const open = this.hasMore(cursor);
    if (!open) this.cursors.delete(id);
    return { id: open ? id : 0n, ns, nextBatch: batch };
  }

  /** `killCursors`: closes the cursors of `ns` among `ids`. */
  kill(ns: string, ids: readonly bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) {
      const cursor = this.cursors.get(id);
      if (cursor && cursor.ns === ns) {
        this.cursors.delete(id);
        killed.push(id);
      } else {
        notFound.push(id);
      }
    }
    return { killed, notFound };
  }

  /** Closes cursors idle for longer than the timeout; returns how many. */
  reapIdle(): number {
    const cutoff = this.now() - this.idleTimeoutMs;
    let reaped = 0;
    for (const [id, cursor] of this.cursors) {
      if (!cursor.noTimeout && cursor.lastUsed <= cutoff) {
        this.cursors.delete(id);
        reaped++;
      }
    }
    return reaped;
  }

  clear(): void {
    this.cursors.clear();
  }

  private newId(): bigint {
    // Positive, non-zero, unguessable int64 ids (0 means "no cursor" on the wire).
    for (;;) {
      const id = randomBytes(8).readBigInt64LE() & 0x7fff_ffff_ffff_ffffn;
      if (id !== 0n && !this.cursors.has(id)) return id;
    }
  }

  private next(cursor: OpenCursor): Document | undefined {
    if (cursor.pending) {
      const doc = cursor.pending;
      cursor.pending = undefined;
      return doc;
    }
    const result = cursor.source.next();
    return result.done ? undefined : result.value;
  }

  private hasMore(cursor: OpenCursor): boolean {
    cursor.pending ??= this.next(cursor);
    return cursor.pending !== undefined;
  }

  private readBatch(cursor: OpenCursor, limit: number): Document[] {
    const batch: Document[] = [];
    let bytes = 0;
    while (batch.length < limit) {
      const doc = this.next(cursor);
      if (!doc) break;
      const size = calculateObjectSize(doc);
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
        cursor.pending = doc;
        break;
      }
      batch.push(doc);
      bytes += size;
    }
    return batch;
  }
}
