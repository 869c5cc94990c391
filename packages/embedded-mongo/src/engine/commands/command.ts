import type { Document } from 'bson';
import type { CatalogAccess } from '../catalog/catalog-access';
import type { CursorStore } from '../cursors/cursor-store';
import type { ReplicaSetMember } from '../replication/replica-set';
import { CommandError, ErrorCode, missingField, wrongType } from '../errors';
import type { Change, CommandContext } from '../types';
import { evaluateVariables } from '../query/mingo-context';
import { isNumeric, isPlainObject, numericValue, typeAlias } from '../values/bson-type';

/** What every command can reach. */
export interface CommandEnv {
  /** The committed state, or a transaction's view of it. */
  readonly catalog: CatalogAccess;
  readonly cursors: CursorStore;
  /** When the engine started (ms since epoch), for serverStatus. */
  readonly startedAt: number;
  /** Open connection count from the wire layer, when it reports one. */
  readonly connections?: () => { readonly current: number; readonly totalCreated?: number };
  /** The one-member replica set the engine presents itself as. */
  readonly replicaSet: ReplicaSetMember;
}

/** One invocation of a command. */
export interface CommandCall {
  readonly db: string;
  /** The command name as sent (the body's first key). */
  readonly name: string;
  readonly body: Document;
  readonly context: CommandContext;
  /** Durable changes the command applied, in order; the engine persists them before replying. */
  readonly changes: Change[];
  /**
   * Set when the command runs inside a multi-document transaction: a failing
   * statement then fails the whole command (and aborts the transaction), as in mongod.
   */
  readonly inTransaction?: boolean;
}

/**
 * Runs a command synchronously against the in-memory state and returns the
 * reply (`ok: 1` is added by the engine). Throws `CommandError` for errors.
 */
export type CommandHandler = (call: CommandCall, env: CommandEnv) => Document;

export type CommandTable = Readonly<Record<string, CommandHandler>>;

/** The collection a command names as its first value (`{ find: "users" }`). */
export function collectionName(call: CommandCall): string {
  const name: unknown = call.body[call.name];
  if (typeof name !== 'string' || name === '') {
    throw new CommandError(
      ErrorCode.InvalidNamespace,
      `collection name has invalid type ${typeAlias(name)}`,
    );
  }
  return name;
}

/** An optional document argument. */
export function optionalDocument(call: CommandCall, field: string): Document | undefined {
  const value: unknown = call.body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw wrongType(call.name, field, 'object');
  return value;
}

/** A required array argument. */
export function requiredArray(call: CommandCall, field: string): unknown[] {
  const value: unknown = call.body[field];
  if (value === undefined) throw missingField(call.name, field);
  if (!Array.isArray(value)) throw wrongType(call.name, field, 'array');
  return value;
}

/** An optional integral number argument (any BSON numeric type). */
export function optionalInteger(
  call: CommandCall,
  field: string,
  body: Document = call.body,
): number | undefined {
  const value: unknown = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isNumeric(value)) throw wrongType(call.name, field, 'long');
  const n = Number(numericValue(value));
  if (!Number.isFinite(n)) throw wrongType(call.name, field, 'long');
  return Math.trunc(n);
}

/** An optional non-negative integer argument. */
export function optionalCount(
  call: CommandCall,
  field: string,
  body: Document = call.body,
): number | undefined {
  const n = optionalInteger(call, field, body);
  if (n !== undefined && n < 0) {
    throw new CommandError(
      ErrorCode.BadValue,
      `${field} value must be non-negative, but received: ${n}`,
    );
  }
  return n;
}

/** Boolean-ish argument: mongod accepts numbers for flags. */
export function flag(value: unknown): boolean {
  if (isNumeric(value)) return Number(numericValue(value)) !== 0;
  return value === true;
}

/** `let` variables of a command, if any. */
export function letVariables(call: CommandCall): Document | undefined {
  return evaluateVariables(optionalDocument(call, 'let'));
}
