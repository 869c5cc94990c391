import { calculateObjectSize, type Document } from 'bson';
import type { Catalog } from '../catalog/catalog';
import type { DocumentWrite } from '../catalog/collection';
import { CommandError, ErrorCode } from '../errors';
import type { Change } from '../types';
import type { Snapshot, VersionLog } from './version-log';

/** A transaction's writes to one collection, by canonical `_id`; `null` is a deletion. */
export interface NamespaceWrites {
  readonly db: string;
  readonly coll: string;
  readonly docs: Map<string, Document | null>;
  /** Unique-index entries each written document holds (keys of `TransactionManager.pendingKeys`). */
  readonly uniqueKeys: Map<string, string[]>;
}

export type TransactionState = 'open' | 'committed' | 'aborted';

/**
 * A write set over a snapshot: a multi-document transaction of a session,
 * or the implicit one a single write command runs in while transactions
 * are open (so that it can wait for them instead of overwriting their work).
 */
export class Transaction {
  readonly snapshot: Snapshot;
  /** Writes by namespace (`db.coll`), in first-write order. */
  readonly writes = new Map<string, NamespaceWrites>();
  /** Document locks held (keys of `TransactionManager.locks`). */
  readonly locks: string[] = [];
  state: TransactionState = 'open';
  /** Settles when the transaction commits or aborts: writers blocked by it wait for this. */
  readonly ended: Promise<void>;
  private settle!: () => void;

  constructor(
    snapshot: Snapshot,
    /** Implicit: a plain write command's, which waits on conflicts instead of failing. */
    readonly implicit: boolean,
  ) {
    this.snapshot = snapshot;
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  namespace(db: string, coll: string): NamespaceWrites {
    const ns = `${db}.${coll}`;
    let writes = this.writes.get(ns);
    if (!writes) {
      writes = { db, coll, docs: new Map(), uniqueKeys: new Map() };
      this.writes.set(ns, writes);
    }
    return writes;
  }

  /** Marks the end; called once by the manager. */
  finish(state: 'committed' | 'aborted'): void {
    this.state = state;
    this.settle();
  }
}

/** The holder of a pending unique-index entry. */
export interface PendingKey {
  readonly transaction: Transaction;
  readonly id: string;
}

/**
 * The open transactions' shared state: which documents each has written
 * (locks: the first writer wins, later ones conflict) and which unique-index
 * entries their uncommitted documents hold.
 */
export class TransactionManager {
  /** `db.coll\0id` → the transaction that wrote the document. */
  readonly locks = new Map<string, Transaction>();
  /** `db.coll\0index\0key` → the uncommitted document holding the unique entry. */
  readonly pendingKeys = new Map<string, PendingKey>();

  constructor(
    readonly catalog: Catalog,
    readonly versions: VersionLog,
  ) {}

  /** Whether a plain write could run into an open transaction's writes. */
  get anyLocks(): boolean {
    return this.locks.size > 0;
  }

  begin(implicit: boolean): Transaction {
    // A plain write's snapshot is "now": nothing commits while it runs.
    return new Transaction(implicit ? { ts: Infinity } : this.versions.openSnapshot(), implicit);
  }

  /**
   * Publishes the write set into the catalog, all at once, and returns the
   * durable record of it: one `commit` change (or the single change itself).
   */
  commit(transaction: Transaction): Change[] {
    const changes: Change[] = [];
    const steps: ((changes: Change[]) => void)[] = [];
    try {
      // Every check first, so that a failure publishes nothing.
      if (!transaction.implicit) assertFitsOneRecord(transaction);
      const missing: NamespaceWrites[] = [];
      for (const writes of transaction.writes.values()) {
        if (writes.docs.size === 0) continue;
        const collection = this.catalog.collection(writes.db, writes.coll);
        if (collection) steps.push(collection.prepareWrites(batchOf(writes)));
        else missing.push(writes);
      }
      // A new collection has no unique index yet: its writes cannot fail.
      for (const writes of missing) {
        const collection = this.catalog.collectionForWrite(writes.db, writes.coll, changes);
        steps.push(collection.prepareWrites(batchOf(writes)));
      }
    } catch (error) {
      this.end(transaction, 'aborted');
      throw error;
    }
    for (const step of steps) step(changes);
    this.end(transaction, 'committed');
    // A plain write is not atomic across documents in mongod either: only a
    // transaction needs its changes in one record.
    if (transaction.implicit || changes.length <= 1) return changes;
    return [{ op: 'commit', changes }];
  }

  abort(transaction: Transaction): void {
    if (transaction.state === 'open') this.end(transaction, 'aborted');
  }

  private end(transaction: Transaction, state: 'committed' | 'aborted'): void {
    for (const lock of transaction.locks) this.locks.delete(lock);
    for (const writes of transaction.writes.values()) {
      for (const keys of writes.uniqueKeys.values()) {
        for (const key of keys) this.pendingKeys.delete(key);
      }
    }
    if (!transaction.implicit) this.versions.closeSnapshot(transaction.snapshot);
    transaction.finish(state);
  }
}

/**
 * A commit is one journal record, and records are at most 64 MiB: a larger
 * transaction is refused whole rather than written in a record recovery
 * would reject.
 */
export const MAX_TRANSACTION_BYTES = 48 * 1024 * 1024;

function assertFitsOneRecord(transaction: Transaction): void {
  let bytes = 0;
  for (const writes of transaction.writes.values()) {
    for (const doc of writes.docs.values()) bytes += doc ? calculateObjectSize(doc) : 64;
  }
  if (bytes > MAX_TRANSACTION_BYTES) {
    throw new CommandError(
      ErrorCode.TransactionTooLarge,
      `Total size of all transaction operations must be less than ${MAX_TRANSACTION_BYTES}. Actual size is ${bytes}`,
    );
  }
}

function batchOf(writes: NamespaceWrites): DocumentWrite[] {
  return [...writes.docs].map(([id, doc]) => ({ id, next: doc ?? undefined }));
}
