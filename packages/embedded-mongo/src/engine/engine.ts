import type { Document } from 'bson';
import { Catalog } from './catalog/catalog';
import { aggregateCommands } from './commands/aggregate';
import { endsInMerge } from './commands/aggregate-output';
import { collectionCommands } from './commands/collections';
import type { CommandEnv, CommandHandler } from './commands/command';
import { countCommands } from './commands/count';
import { deleteCommands } from './commands/delete';
import { explainCommands } from './commands/explain';
import { findCommands } from './commands/find';
import { findAndModifyCommands } from './commands/find-and-modify';
import { indexCommands } from './commands/indexes';
import { insertCommands } from './commands/insert';
import { serverCommands } from './commands/server';
import { updateCommands } from './commands/update';
import { CursorStore } from './cursors/cursor-store';
import { CommandError, ErrorCode, toCommandError } from './errors';
import { ReplicaSetMember } from './replication/replica-set';
import { type CommandRunner, SessionTable } from './sessions/session-table';
import { type Transaction, TransactionManager } from './transactions/transaction';
import { TransactionCatalog, WaitForTransaction } from './transactions/transaction-view';
import { VersionLog } from './transactions/version-log';
import type { Change, CommandContext, Engine, EngineOptions } from './types';
import { isPlainObject } from './values/bson-type';
import { withViews } from './views/view-commands';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries(
    withViews({
      ...serverCommands,
      ...collectionCommands,
      ...insertCommands,
      ...findCommands,
      ...updateCommands,
      ...deleteCommands,
      ...findAndModifyCommands,
      ...aggregateCommands,
      ...countCommands,
      ...indexCommands,
      ...explainCommands,
    }),
  ),
);

const DEFAULT_TTL_SWEEP_MS = 60_000;
const DEFAULT_CURSOR_IDLE_MS = 600_000;
const DEFAULT_TRANSACTION_LIFETIME_S = 60;
/** mongod's `logicalSessionTimeoutMinutes`, which `hello` reports. */
const SESSION_IDLE_MS = 30 * 60_000;

/** Commands that write documents: while a transaction holds locks they run in a write set. */
const DOCUMENT_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);

/**
 * Whether a plain command writes documents one by one, and so must wait for
 * documents open transactions hold: the document writes and `aggregate`
 * with `$merge`. (`$out` replaces the whole collection, which does not wait,
 * like `drop`.)
 */
function writesDocuments(name: string, body: Document): boolean {
  return DOCUMENT_WRITES.has(name) || (name === 'aggregate' && endsInMerge(body));
}

const warn = (error: Error): void => process.emitWarning(error);

/**
 * The command layer: an in-memory MongoDB 7.0 server, presented as the
 * primary of a one-member replica set. Each command runs synchronously
 * against memory (so it is atomic per document, and in fact per command),
 * then its changes go to the persistence before the reply.
 *
 * Multi-document transactions keep their writes in a write set over a
 * snapshot until they commit (see transactions/ and sessions/). While none
 * holds a lock, plain commands run straight against the catalog.
 *
 * Deliberately absent, with an error rather than a silent difference where a
 * client could rely on it: text and geo queries. Accepted but not applied:
 * collations, collection validators and capped limits (the options are kept
 * and listed).
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const versions = new VersionLog();
  const catalog = new Catalog(versions.observe);
  const transactions = new TransactionManager(catalog, versions);
  const cursors = new CursorStore(options.cursorIdleTimeoutMs ?? DEFAULT_CURSOR_IDLE_MS);
  const replicaSet = new ReplicaSetMember(
    options.replicaSetName ?? 'rs0',
    options.address ?? (() => '127.0.0.1:27017'),
  );
  const env: CommandEnv = {
    catalog,
    cursors,
    startedAt: Date.now(),
    connections: options.connectionStats,
    replicaSet,
  };
  const { persistence } = options;
  const onBackgroundError = options.onBackgroundError ?? warn;

  function execute(
    db: string,
    name: string,
    body: Document,
    context: CommandContext,
    changes: Change[],
    commandEnv: CommandEnv,
    inTransaction = false,
  ): Document {
    const handler = COMMANDS.get(name);
    if (!handler) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    // One literal shape for every call, and the handler's fresh reply completed
    // in place: copies by spread get shapes V8 cannot cache, which costs
    // point lookups measurably.
    const reply = handler({ db, name, body, context, changes, inTransaction }, commandEnv);
    reply.ok = 1;
    return reply;
  }

  async function persist(changes: readonly Change[]): Promise<void> {
    if (changes.length === 0) return;
    replicaSet.advance();
    if (persistence) await persistence.write(changes);
  }

  /**
   * A retryable write's changes as one record that also holds its reply, so
   * that a retry after a restart is answered (nothing to keep when memory only
   * or when nothing changed).
   */
  function durable(
    changes: Change[],
    reply: Document,
    retryable: { readonly session: string; readonly txnNumber: bigint } | undefined,
  ): Change[] {
    if (!retryable || !persistence || changes.length === 0 || reply.ok !== 1) return changes;
    const { session, txnNumber } = retryable;
    return [{ op: 'commit', changes, retryable: { session, txnNumber, reply } }];
  }

  /** Persists a command's changes, then answers its reply. */
  async function settle(reply: Document, changes: readonly Change[]): Promise<Document> {
    try {
      await persist(changes);
    } catch (error) {
      return new CommandError(
        ErrorCode.InternalError,
        `the write was applied but could not be persisted: ${toError(error).message}`,
      ).toReply();
    }
    return reply;
  }

  /** Waits for a transaction blocking a plain write to end, within the command's maxTimeMS. */
  async function waitFor(holder: Transaction, deadline: number | undefined): Promise<void> {
    if (deadline === undefined) return holder.ended;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    });
    await Promise.race([holder.ended, expired]);
    clearTimeout(timer);
    if (holder.state === 'open') {
      throw new CommandError(ErrorCode.MaxTimeMSExpired, 'operation exceeded time limit');
    }
  }

  const runner: CommandRunner = {
    async runPlain(db, name, body, context, retryable) {
      const maxTimeMS = Number(body.maxTimeMS ?? 0);
      const deadline = maxTimeMS > 0 ? Date.now() + maxTimeMS : undefined;
      for (;;) {
        const changes: Change[] = [];
        if (!transactions.anyLocks || !writesDocuments(name, body)) {
          let reply: Document;
          try {
            reply = execute(db, name, body, context, changes, env);
          } catch (error) {
            reply = toCommandError(error).toReply();
          }
          return settle(reply, durable(changes, reply, retryable));
        }
        // An open transaction holds locks: write into a write set, which
        // either publishes at once or shows whom to wait for.
        const transaction = transactions.begin(true);
        const view = { ...env, catalog: new TransactionCatalog(transactions, transaction) };
        let reply: Document;
        try {
          reply = execute(db, name, body, context, changes, view);
        } catch (error) {
          if (error instanceof WaitForTransaction) {
            transactions.abort(transaction);
            try {
              await waitFor(error.holder, deadline);
            } catch (timeout) {
              return toCommandError(timeout).toReply();
            }
            continue;
          }
          reply = toCommandError(error).toReply();
        }
        try {
          changes.push(...transactions.commit(transaction));
        } catch (error) {
          reply = toCommandError(error).toReply();
        }
        return settle(reply, durable(changes, reply, retryable));
      }
    },
    async runInTransaction(transaction, db, name, body, context) {
      const changes: Change[] = [];
      const view = { ...env, catalog: new TransactionCatalog(transactions, transaction) };
      let reply: Document;
      try {
        reply = execute(db, name, body, context, changes, view, true);
      } finally {
        // DDL inside a transaction (create, createIndexes) applies at once.
        await persist(changes);
      }
      return reply;
    },
    async commit(transaction) {
      await persist(transactions.commit(transaction));
    },
  };

  const sessions = new SessionTable(transactions, runner, {
    transactionLifetimeMs:
      (options.transactionLifetimeLimitSeconds ?? DEFAULT_TRANSACTION_LIFETIME_S) * 1000,
    sessionIdleMs: SESSION_IDLE_MS,
  });

  function run(db: string, command: Document, context: CommandContext): Promise<Document> {
    // Legacy OP_QUERY commands may come wrapped as { $query: {...}, $readPreference }.
    const body = isPlainObject(command.$query) ? command.$query : command;
    const name = Object.keys(body)[0] ?? '';
    if (body.txnNumber !== undefined) return sessions.run(db, name, body, context);
    if (name === 'endSessions') {
      sessions.end(body.endSessions);
      return Promise.resolve({ ok: 1 });
    }
    return runner.runPlain(db, name, body, context);
  }

  function sweepExpired(): void {
    const changes: Change[] = [];
    const now = Date.now();
    for (const collection of catalog.allCollections()) collection.expire(now, changes);
    persist(changes).catch((error: unknown) => onBackgroundError(toError(error)));
  }

  const ttlTimer = setInterval(sweepExpired, options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_MS);
  const cursorTimer = setInterval(
    () => {
      cursors.reapIdle();
      sessions.reapIdle();
    },
    Math.min(options.cursorIdleTimeoutMs ?? DEFAULT_CURSOR_IDLE_MS, DEFAULT_TTL_SWEEP_MS),
  );
  // Background housekeeping must not keep the process alive.
  ttlTimer.unref();
  cursorTimer.unref();

  return {
    async runCommand(db, command, context) {
      return replicaSet.stamp(await run(db, command, context));
    },
    apply(changes) {
      for (const change of changes) {
        catalog.apply(change);
        if (change.op === 'commit' && change.retryable) sessions.restore(change.retryable);
      }
    },
    snapshot() {
      return catalog.snapshot();
    },
    close() {
      clearInterval(ttlTimer);
      clearInterval(cursorTimer);
      sessions.close();
      cursors.clear();
    },
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
