import { Binary, type Document } from 'bson';
import { CommandError, ErrorCode, toCommandError } from '../errors';
import type { Transaction, TransactionManager } from '../transactions/transaction';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import { canonicalKey } from '../values/canonical-key';
import type { CommandContext, RetryableWriteRecord } from '../types';

/** How the session table gets commands run; the engine implements it. */
export interface CommandRunner {
  /**
   * Runs a command outside any transaction (waiting for transactions that
   * hold what it writes). A retryable write's changes and reply are made
   * durable together, keyed by `retryable`.
   */
  runPlain(
    db: string,
    name: string,
    body: Document,
    context: CommandContext,
    retryable?: { readonly session: string; readonly txnNumber: bigint },
  ): Promise<Document>;
  /** Runs a command inside `transaction`; rejects with the command's error. */
  runInTransaction(
    transaction: Transaction,
    db: string,
    name: string,
    body: Document,
    context: CommandContext,
  ): Promise<Document>;
  /** Publishes the transaction and makes its commit record durable. */
  commit(transaction: Transaction): Promise<void>;
}

export interface SessionTableOptions {
  /** A transaction still open this long after its start is aborted. */
  readonly transactionLifetimeMs: number;
  /** A session unused this long is forgotten, its transaction aborted (mongod: 30 minutes). */
  readonly sessionIdleMs: number;
}

/** The writes a driver retries with the same txnNumber (mongod's retryable write commands). */
const RETRYABLE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

/** What mongod 7 runs inside a multi-document transaction. */
const ALLOWED_IN_TRANSACTION = new Set([
  ...RETRYABLE_WRITES,
  'find',
  'getMore',
  'killCursors',
  'aggregate',
  'distinct',
  'create',
  'createIndexes',
  'commitTransaction',
  'abortTransaction',
]);

const TRANSACTION_READ_CONCERNS = new Set(['local', 'majority', 'snapshot']);

/** Errors after which retrying the whole transaction can succeed. */
const TRANSIENT = new Set<number>([ErrorCode.WriteConflict, ErrorCode.NoSuchTransaction]);

interface Session {
  readonly id: string;
  /** The highest txnNumber seen; -1 before the first. */
  txnNumber: bigint;
  /** The multi-document transaction numbered `txnNumber`, if it is one. */
  transaction?: Transaction;
  /** Its commit, so that a retried commitTransaction waits for the same durability. */
  commit?: Promise<void>;
  lifetime?: NodeJS.Timeout;
  /** The reply of the retryable write numbered `txnNumber`, returned again to a retry. */
  retryableReply?: Promise<Document>;
  lastUsed: number;
}

function sessionId(lsid: unknown): string {
  const id: unknown = isPlainObject(lsid) ? lsid.id : undefined;
  if (id === undefined) {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      'Transaction number requires a session ID to also be specified',
    );
  }
  return id instanceof Binary ? id.toString('hex') : canonicalKey(id);
}

function txnNumberOf(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (isNumeric(value)) {
    const n = numericValue(value);
    if (typeof n === 'bigint') return n;
    if (Number.isInteger(n)) return BigInt(n);
  }
  throw new CommandError(
    ErrorCode.TypeMismatch,
    "BSON field 'OperationSessionInfo.txnNumber' is the wrong type, expected type 'long'",
  );
}

function noSuchTransaction(message: string): CommandError {
  return new CommandError(ErrorCode.NoSuchTransaction, message);
}

function invalidOptions(message: string): CommandError {
  return new CommandError(ErrorCode.InvalidOptions, message);
}

/** The stage names of an aggregate pipeline. */
function stageNames(body: Document): string[] {
  const pipeline: unknown = body.pipeline;
  if (!Array.isArray(pipeline)) return [];
  return pipeline.flatMap((stage) => (isPlainObject(stage) ? Object.keys(stage) : []));
}

/**
 * Logical sessions: mongod's rules for `txnNumber`. With `autocommit: false`
 * a command belongs to a multi-document transaction (started by
 * `startTransaction`, ended by `commitTransaction` / `abortTransaction`);
 * without it, a retryable write, run once per (session, txnNumber) however
 * often the driver sends it.
 *
 * A retryable write's reply is journaled in the record of its changes and
 * restored at start, so a retry after a restart is answered too; snapshots
 * (compaction) do not keep it, as mongod keeps `config.transactions` only
 * for the session timeout.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly manager: TransactionManager,
    private readonly runner: CommandRunner,
    private readonly options: SessionTableOptions,
  ) {}

  /** Runs a command carrying a `txnNumber`; errors resolve as error replies. */
  async run(db: string, name: string, body: Document, context: CommandContext): Promise<Document> {
    try {
      const session = this.session(sessionId(body.lsid));
      const txnNumber = txnNumberOf(body.txnNumber);
      if (body.autocommit === undefined) {
        return await this.retryableWrite(session, txnNumber, db, name, body, context);
      }
      if (body.autocommit !== false) {
        throw invalidOptions('Specifying autocommit=true is not allowed.');
      }
      return await this.inTransaction(session, txnNumber, db, name, body, context);
    } catch (error) {
      const reply = toCommandError(error).toReply();
      if (TRANSIENT.has(reply.code as number)) reply.errorLabels = ['TransientTransactionError'];
      return reply;
    }
  }

  /** `endSessions`: forgets the sessions, aborting their open transactions. */
  end(lsids: unknown): void {
    if (!Array.isArray(lsids)) return;
    for (const lsid of lsids) {
      const id = isPlainObject(lsid) && lsid.id !== undefined ? sessionId(lsid) : undefined;
      const session = id === undefined ? undefined : this.sessions.get(id);
      if (!session) continue;
      this.abortOpen(session);
      this.sessions.delete(session.id);
    }
  }

  /** Forgets sessions idle for longer than the session timeout (mongod's session expiry). */
  reapIdle(now = Date.now()): void {
    for (const session of this.sessions.values()) {
      if (now - session.lastUsed < this.options.sessionIdleMs) continue;
      this.abortOpen(session);
      this.sessions.delete(session.id);
    }
  }

  /** Replays a retryable write found in the journal: a retry of it is answered, not run. */
  restore(record: RetryableWriteRecord): void {
    const session = this.session(record.session);
    if (record.txnNumber < session.txnNumber) return;
    session.txnNumber = record.txnNumber;
    session.retryableReply = Promise.resolve(record.reply);
  }

  /** Aborts every open transaction (the engine is closing). */
  close(): void {
    for (const session of this.sessions.values()) this.abortOpen(session);
    this.sessions.clear();
  }

  private session(id: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      session = { id, txnNumber: -1n, lastUsed: Date.now() };
      this.sessions.set(id, session);
    }
    session.lastUsed = Date.now();
    return session;
  }

  /** Moves the session to a newer txnNumber; a transaction still open under the old one is aborted. */
  private advance(session: Session, txnNumber: bigint): void {
    this.abortOpen(session);
    session.txnNumber = txnNumber;
    session.transaction = undefined;
    session.commit = undefined;
    session.retryableReply = undefined;
  }

  private abortOpen(session: Session): void {
    clearTimeout(session.lifetime);
    if (session.transaction) this.manager.abort(session.transaction);
  }

  private retryableWrite(
    session: Session,
    txnNumber: bigint,
    db: string,
    name: string,
    body: Document,
    context: CommandContext,
  ): Promise<Document> {
    if (!RETRYABLE_WRITES.has(name)) {
      throw new CommandError(
        ErrorCode.NotARetryableWriteCommand,
        `txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and ${name} is not a retryable write command.`,
      );
    }
    if (txnNumber < session.txnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `Retryable write with txnNumber ${txnNumber} is prohibited on session ${session.id} because a newer retryable write with txnNumber ${session.txnNumber} has already started on this session.`,
      );
    }
    if (txnNumber === session.txnNumber) {
      if (session.retryableReply) return session.retryableReply;
      throw new CommandError(
        ErrorCode.ConflictingOperationInProgress,
        `Cannot run a retryable write with txnNumber ${txnNumber} on session ${session.id}: a transaction uses that number.`,
      );
    }
    this.advance(session, txnNumber);
    const reply: Promise<Document> = this.runner
      .runPlain(db, name, body, context, { session: session.id, txnNumber })
      .then((result) => {
        // A command that failed as a whole changed nothing: a retry runs it again.
        if (result.ok !== 1 && session.retryableReply === reply) session.retryableReply = undefined;
        return result;
      });
    session.retryableReply = reply;
    return reply;
  }

  private async inTransaction(
    session: Session,
    txnNumber: bigint,
    db: string,
    name: string,
    body: Document,
    context: CommandContext,
  ): Promise<Document> {
    const ends = name === 'commitTransaction' || name === 'abortTransaction';
    if (ends && db !== 'admin') {
      throw new CommandError(
        ErrorCode.Unauthorized,
        `${name} may only be run against the admin database.`,
      );
    }
    if (txnNumber < session.txnNumber) {
      throw new CommandError(
        ErrorCode.TransactionTooOld,
        `Cannot start transaction ${txnNumber} on session ${session.id} because a newer transaction ${session.txnNumber} has already started.`,
      );
    }
    if (body.startTransaction !== undefined) {
      this.start(session, txnNumber, body);
    } else if (txnNumber !== session.txnNumber || !session.transaction) {
      throw noSuchTransaction(
        `Given transaction number ${txnNumber} does not match any in-progress transactions. The active transaction number is ${session.txnNumber}`,
      );
    } else if (body.readConcern !== undefined && !ends) {
      throw invalidOptions('Only the first command in a transaction may specify a readConcern');
    }
    const transaction = session.transaction!;
    if (name === 'commitTransaction') return this.commit(session, transaction);
    if (name === 'abortTransaction') return this.abort(session, transaction);
    if (transaction.state === 'committed') {
      throw new CommandError(
        ErrorCode.TransactionCommitted,
        `Transaction ${txnNumber} has been committed.`,
      );
    }
    if (transaction.state === 'aborted') {
      throw noSuchTransaction(`Transaction with { txnNumber: ${txnNumber} } has been aborted.`);
    }
    try {
      this.assertAllowed(db, name, body);
      return await this.runner.runInTransaction(transaction, db, name, body, context);
    } catch (error) {
      // mongod aborts a transaction whose statement fails.
      this.abortOpen(session);
      throw error;
    }
  }

  private start(session: Session, txnNumber: bigint, body: Document): void {
    if (body.startTransaction !== true) {
      throw invalidOptions('The startTransaction field must be true');
    }
    if (txnNumber === session.txnNumber) {
      const state = session.transaction?.state ?? 'retryable write';
      throw new CommandError(
        ErrorCode.ConflictingOperationInProgress,
        `Cannot start a transaction at given transaction number ${txnNumber} a transaction with the same number is in state ${state}`,
      );
    }
    const level: unknown = isPlainObject(body.readConcern) ? body.readConcern.level : undefined;
    if (level !== undefined && !TRANSACTION_READ_CONCERNS.has(level as string)) {
      throw invalidOptions(
        "The readConcern level must be either 'local' (default), 'majority' or 'snapshot' in order to run in a transaction",
      );
    }
    this.advance(session, txnNumber);
    const transaction = this.manager.begin(false);
    session.transaction = transaction;
    session.lifetime = setTimeout(
      () => this.manager.abort(transaction),
      this.options.transactionLifetimeMs,
    );
    // An expired transaction must not keep the process alive.
    session.lifetime.unref();
  }

  private assertAllowed(db: string, name: string, body: Document): void {
    if (!ALLOWED_IN_TRANSACTION.has(name)) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot run '${name}' in a multi-document transaction.`,
      );
    }
    if (body.writeConcern !== undefined) {
      throw invalidOptions('Cannot set write concern after starting a transaction.');
    }
    const coll: unknown = body[name];
    if (
      name === 'createIndexes' &&
      typeof coll === 'string' &&
      this.manager.catalog.collection(db, coll)
    ) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `Cannot create new indexes on existing collection ${db}.${coll} in a multi-document transaction.`,
      );
    }
    const writing = stageNames(body).find((stage) => stage === '$out' || stage === '$merge');
    if (name === 'aggregate' && writing) {
      throw new CommandError(
        ErrorCode.OperationNotSupportedInTransaction,
        `${writing} cannot be used in a transaction`,
      );
    }
  }

  private async commit(session: Session, transaction: Transaction): Promise<Document> {
    if (transaction.state === 'aborted') {
      throw noSuchTransaction(
        `Transaction with { txnNumber: ${session.txnNumber} } has been aborted.`,
      );
    }
    // A retried commit answers like the first, once the same record is durable.
    if (transaction.state === 'open') {
      clearTimeout(session.lifetime);
      session.commit = this.runner.commit(transaction);
    }
    await session.commit;
    return { ok: 1 };
  }

  private abort(session: Session, transaction: Transaction): Document {
    if (transaction.state === 'committed') {
      throw new CommandError(
        ErrorCode.TransactionCommitted,
        `Transaction ${session.txnNumber} has been committed.`,
      );
    }
    if (transaction.state === 'aborted') {
      throw noSuchTransaction(
        `Transaction with { txnNumber: ${session.txnNumber} } has been aborted.`,
      );
    }
    this.abortOpen(session);
    return { ok: 1 };
  }
}
