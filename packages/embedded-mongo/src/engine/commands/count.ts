import type { Document } from 'bson';
import { CommandError, ErrorCode, missingField, wrongType } from '../errors';
import { compileFilter } from '../query/filter';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
import { compareBson } from '../values/compare';
import { isEmptyArray, pathValues } from '../values/paths';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  optionalCount,
  optionalDocument,
  optionalInteger,
} from './command';
import { readDocuments, type ReadPlan } from './find';

/** The read a `count` command asks for (also what `explain` of a count plans). */
export function countRead(call: CommandCall): ReadPlan {
  return {
    filter: compileFilter(optionalDocument(call, 'query') ?? {}),
    skip: optionalCount(call, 'skip') ?? 0,
    limit: Math.abs(optionalInteger(call, 'limit') ?? 0),
  };
}

function count(call: CommandCall, env: CommandEnv): Document {
  const collection = env.catalog.collection(call.db, collectionName(call));
  const read = countRead(call);
  const { skip = 0, limit } = read;
  if (!collection) return { n: 0 };
  // An unfiltered count is the collection's size, as mongod answers from metadata.
  if (Object.keys(read.filter.filter).length === 0) {
    const n = Math.max(0, collection.size - skip);
    return { n: limit ? Math.min(n, limit) : n };
  }
  return { n: [...readDocuments(collection, read)].length };
}

/** The field `distinct` collects, validated as mongod does. */
export function distinctKey(call: CommandCall): string {
  const key: unknown = call.body.key;
  if (key === undefined) throw missingField('distinct', 'key');
  if (typeof key !== 'string') throw wrongType('distinct', 'key', 'string');
  if (key === '')
    throw new CommandError(ErrorCode.BadValue, 'FieldPath cannot be constructed with empty string');
  return key;
}

/** The different values of `key` in `docs` (array elements counted one by one), in BSON order. */
export function distinctValues(docs: Iterable<Document>, key: string): unknown[] {
  const values = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of pathValues(doc, key)) {
      if (isEmptyArray(value)) continue;
      const id = canonicalKey(value);
      if (!values.has(id)) values.set(id, value);
    }
  }
  return [...values.values()].sort(compareBson).map(cloneValue);
}

function distinct(call: CommandCall, env: CommandEnv): Document {
  const collection = env.catalog.collection(call.db, collectionName(call));
  const key = distinctKey(call);
  const filter = compileFilter(optionalDocument(call, 'query') ?? {});
  return { values: distinctValues(readDocuments(collection, { filter }), key) };
}

export const countCommands: CommandTable = { count, distinct };
