import type { Document } from 'bson';
import { Catalog } from './catalog/catalog';
import { aggregateCommands } from './commands/aggregate';
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
import type { Change, CommandContext, Engine, EngineOptions } from './types';
import { isPlainObject } from './values/bson-type';

const COMMANDS = new Map<string, CommandHandler>(
  Object.entries({
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
);

const DEFAULT_TTL_SWEEP_MS = 60_000;
const DEFAULT_CURSOR_IDLE_MS = 600_000;

const warn = (error: Error): void => process.emitWarning(error);

/**
 * The command layer: an in-memory MongoDB 7.0 standalone. Each command runs
 * synchronously against memory (so it is atomic per document, and in fact
 * per command), then its changes go to the persistence before the reply.
 *
 * Deliberately absent, with an error rather than a silent difference where a
 * client could rely on it: transactions (as on any standalone), `$out` and
 * `$merge`, views, text and geo queries. Accepted but not applied:
 * collations, collection validators and capped limits (the options are kept
 * and listed).
 */
export function createEngine(options: EngineOptions = {}): Engine {
  const catalog = new Catalog();
  const cursors = new CursorStore(options.cursorIdleTimeoutMs ?? DEFAULT_CURSOR_IDLE_MS);
  const env: CommandEnv = {
    catalog,
    cursors,
    startedAt: Date.now(),
    connections: options.connectionStats,
  };
  const { persistence } = options;
  const onBackgroundError = options.onBackgroundError ?? warn;

  function execute(
    db: string,
    command: Document,
    context: CommandContext,
    changes: Change[],
  ): Document {
    // Legacy OP_QUERY commands may come wrapped as { $query: {...}, $readPreference }.
    const body = isPlainObject(command.$query) ? command.$query : command;
    const name = Object.keys(body)[0] ?? '';
    if (body.txnNumber !== undefined) {
      throw new CommandError(
        ErrorCode.IllegalOperation,
        'Transaction numbers are only allowed on a replica set member or mongos',
      );
    }
    const handler = COMMANDS.get(name);
    if (!handler) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
    return handler({ db, name, body, context, changes }, env);
  }

  async function persist(changes: readonly Change[]): Promise<void> {
    if (persistence && changes.length > 0) await persistence.write(changes);
  }

  function sweepExpired(): void {
    const changes: Change[] = [];
    const now = Date.now();
    for (const collection of catalog.allCollections()) collection.expire(now, changes);
    persist(changes).catch((error: unknown) => onBackgroundError(toError(error)));
  }

  const ttlTimer = setInterval(sweepExpired, options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_MS);
  const cursorTimer = setInterval(
    () => cursors.reapIdle(),
    Math.min(options.cursorIdleTimeoutMs ?? DEFAULT_CURSOR_IDLE_MS, DEFAULT_TTL_SWEEP_MS),
  );
  // Background housekeeping must not keep the process alive.
  ttlTimer.unref();
  cursorTimer.unref();

  return {
    async runCommand(db, command, context) {
      const changes: Change[] = [];
      let reply: Document;
      try {
        reply = { ...execute(db, command, context, changes), ok: 1 };
      } catch (error) {
        reply = toCommandError(error).toReply();
      }
      try {
        await persist(changes);
      } catch (error) {
        return new CommandError(
          ErrorCode.InternalError,
          `the write was applied but could not be persisted: ${toError(error).message}`,
        ).toReply();
      }
      return reply;
    },
    apply(changes) {
      for (const change of changes) catalog.apply(change);
    },
    snapshot() {
      return catalog.snapshot();
    },
    close() {
      clearInterval(ttlTimer);
      clearInterval(cursorTimer);
      cursors.clear();
    },
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
