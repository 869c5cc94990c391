import type { Document } from 'bson';

/**
 * The seam between the wire layer (framing, connections, journal) and the
 * command layer (catalog, documents, indexes, cursors, commands).
 */

/** What the wire layer knows about the connection a command arrived on. */
export interface CommandContext {
  /** Server-wide unique, increasing id of the client connection (reported by `hello`). */
  readonly connectionId: number;
}

/**
 * One durable change, as applied in memory by a command. Documents are full
 * post-images keyed by `_id`, so replaying changes in order rebuilds the state.
 */
export type Change =
  | { readonly op: 'put'; readonly db: string; readonly coll: string; readonly doc: Document }
  | { readonly op: 'delete'; readonly db: string; readonly coll: string; readonly id: unknown }
  | {
      readonly op: 'createCollection';
      readonly db: string;
      readonly coll: string;
      readonly options: Document;
    }
  | { readonly op: 'dropCollection'; readonly db: string; readonly coll: string }
  | { readonly op: 'dropDatabase'; readonly db: string }
  | {
      readonly op: 'createIndexes';
      readonly db: string;
      readonly coll: string;
      /** Index specs as `listIndexes` returns them (`v`, `key`, `name`, options). */
      readonly indexes: readonly Document[];
    }
  | {
      readonly op: 'dropIndexes';
      readonly db: string;
      readonly coll: string;
      readonly names: readonly string[];
    }
  /**
   * A committed transaction, or a retryable write: its changes as one
   * record, so that after a crash it is either wholly there or wholly absent.
   * A retryable write also records its reply, so that a retry after a restart
   * is answered without applying it again (mongod's `config.transactions`).
   */
  | {
      readonly op: 'commit';
      readonly changes: readonly Change[];
      readonly retryable?: RetryableWriteRecord;
    };

/** Which write of a session a commit record is, and what it answered. */
export interface RetryableWriteRecord {
  /** The session's id, as the session table keys it. */
  readonly session: string;
  readonly txnNumber: bigint;
  readonly reply: Document;
}

/** Where acknowledged writes go before the reply is sent. */
export interface Persistence {
  /**
   * Makes one command's changes durable. Called synchronously right after the
   * command applied them in memory, in application order; the command's reply
   * is sent only after the returned promise resolves.
   */
  write(changes: readonly Change[]): Promise<void>;
}

export interface EngineOptions {
  /** Durable sink for writes; memory only when absent. */
  readonly persistence?: Persistence;
  /** How often TTL indexes are swept. Default 60 000 ms (MongoDB's TTL monitor period). */
  readonly ttlSweepIntervalMs?: number;
  /** How long a cursor may stay unused before it is closed. Default 600 000 ms (mongod's cursorTimeoutMillis). */
  readonly cursorIdleTimeoutMs?: number;
  /** Connection counts for `serverStatus.connections`; omitted from the reply when absent. */
  readonly connectionStats?: () => { readonly current: number; readonly totalCreated?: number };
  /**
   * Receives failures of background work (a TTL sweep whose deletions could
   * not be persisted). Default: `process.emitWarning`.
   */
  readonly onBackgroundError?: (error: Error) => void;
  /** The replica set name `hello` reports. Default `rs0`. */
  readonly replicaSetName?: string;
  /**
   * The `host:port` clients reach this server at, reported by `hello` as the
   * set's only member. Read lazily: the wire layer knows its port only once
   * it listens. Default `127.0.0.1:27017`.
   */
  readonly address?: () => string;
  /**
   * A transaction still open this long after its start is aborted, as
   * mongod's `transactionLifetimeLimitSeconds`. Default 60.
   */
  readonly transactionLifetimeLimitSeconds?: number;
}

/** The command layer, as the wire layer drives it. */
export interface Engine {
  /**
   * Runs one command against database `db`. `command` is the decoded OP_MSG
   * body (or OP_QUERY query) with any OP_MSG document sequences merged in as
   * arrays under their identifiers; `$db` and other `$`-prefixed generic
   * arguments may be present. MongoDB command errors resolve as error replies
   * (`{ ok: 0, errmsg, code, codeName }`); the promise never rejects for them.
   */
  runCommand(db: string, command: Document, context: CommandContext): Promise<Document>;
  /** Replays durable changes at start (no persistence calls, no TTL effects). */
  apply(changes: Iterable<Change>): void;
  /** The whole current state as changes, for journal compaction. */
  snapshot(): Iterable<Change>;
  /** Stops timers (TTL sweep, idle-cursor reaper). */
  close(): void;
}
