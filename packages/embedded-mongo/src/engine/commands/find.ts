import type { Document } from 'bson';
import type { CollectionAccess } from '../catalog/catalog-access';
import { CommandError, ErrorCode, wrongType } from '../errors';
import type { ExecutionStats } from '../indexes/ordered-index';
import { compileFilter, type CompiledFilter } from '../query/filter';
import type { QueryPlan } from '../query/plan';
import { compileProjection, type DocumentOutput } from '../query/projection';
import { parseSort, sortDocuments, type SortSpec } from '../query/sort';
import { isNumeric, numericValue } from '../values/bson-type';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  flag,
  letVariables,
  optionalCount,
  optionalDocument,
  optionalInteger,
  requiredArray,
} from './command';

/** What find-like reads need: which documents, in which order, which slice. */
export interface ReadPlan {
  readonly filter: CompiledFilter;
  readonly sort?: SortSpec;
  readonly skip?: number;
  readonly limit?: number;
}

function* slice<T>(items: Iterable<T>, skip: number, limit: number): Generator<T> {
  if (limit <= 0) return;
  let index = 0;
  let taken = 0;
  for (const item of items) {
    if (index++ < skip) continue;
    yield item;
    if (++taken >= limit) return;
  }
}

/** A read ready to run: the plan chosen, the work it does so far, and its documents. */
export interface PreparedRead {
  readonly plan: QueryPlan | undefined;
  readonly stats: ExecutionStats;
  readonly docs: Iterable<Document>;
}

/**
 * Plans a read and returns its stored documents, lazily when the plan gives
 * the order (so a limited or batched read stops early, and `skip` walks the
 * index), sorted in memory otherwise.
 */
export function prepareRead(
  collection: CollectionAccess | undefined,
  read: ReadPlan,
): PreparedRead {
  const stats: ExecutionStats = { keysExamined: 0, docsExamined: 0 };
  if (!collection) return { plan: undefined, stats, docs: [] };
  const plan = collection.plan(read.filter, read.sort);
  const matches = collection.execute(plan, stats);
  const ordered = read.sort && !plan.sorted ? sortDocuments([...matches], read.sort) : matches;
  return { plan, stats, docs: slice(ordered, read.skip ?? 0, read.limit || Infinity) };
}

/** The stored documents a read returns (see prepareRead). */
export function readDocuments(
  collection: CollectionAccess | undefined,
  read: ReadPlan,
): Iterable<Document> {
  return prepareRead(collection, read).docs;
}

/** Reply documents for a cursor: each stored document through the output step, lazily. */
export function* outputIterator(
  docs: Iterable<Document>,
  output: DocumentOutput,
): Generator<Document> {
  for (const doc of docs) yield output(doc);
}

/** The read a `find` command asks for (also what `explain` of a find plans). */
export function findRead(call: CommandCall): ReadPlan & { readonly limit: number } {
  const filter = compileFilter(optionalDocument(call, 'filter') ?? {}, letVariables(call));
  const sortSpec = optionalDocument(call, 'sort');
  return {
    filter,
    sort: sortSpec && Object.keys(sortSpec).length > 0 ? parseSort(sortSpec) : undefined,
    skip: optionalCount(call, 'skip'),
    // A negative limit is the legacy "single batch of |limit|".
    limit: optionalInteger(call, 'limit') ?? 0,
  };
}

function find(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const read = findRead(call);
  const batchSize = optionalCount(call, 'batchSize');
  const output = compileProjection(
    optionalDocument(call, 'projection'),
    read.filter.filter,
    letVariables(call),
  );
  const docs = readDocuments(env.catalog.collection(call.db, name), {
    ...read,
    limit: Math.abs(read.limit),
  });
  const cursor = env.cursors.open(`${call.db}.${name}`, outputIterator(docs, output), {
    batchSize: read.limit < 0 ? -read.limit : batchSize,
    singleBatch: read.limit < 0 || flag(call.body.singleBatch),
    noTimeout: flag(call.body.noCursorTimeout),
  });
  return { cursor };
}

/** Cursor ids arrive as Long (bigint); older clients may send a plain number. */
function cursorId(value: unknown, call: CommandCall, field: string): bigint {
  if (typeof value === 'bigint') return value;
  if (isNumeric(value)) {
    const n = numericValue(value);
    if (typeof n === 'bigint') return n;
    if (Number.isInteger(n)) return BigInt(n);
  }
  throw wrongType(call.name, field, 'long');
}

function getMore(call: CommandCall, env: CommandEnv): Document {
  const id = cursorId(call.body.getMore, call, 'getMore');
  const collection: unknown = call.body.collection;
  if (typeof collection !== 'string' || collection === '') {
    throw new CommandError(ErrorCode.InvalidNamespace, `collection name has invalid type`);
  }
  const cursor = env.cursors.getMore(
    id,
    `${call.db}.${collection}`,
    optionalCount(call, 'batchSize'),
  );
  return { cursor };
}

function killCursors(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const ids = requiredArray(call, 'cursors').map((id) => cursorId(id, call, 'cursors'));
  const { killed, notFound } = env.cursors.kill(`${call.db}.${name}`, ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
}

export const findCommands: CommandTable = { find, getMore, killCursors };
