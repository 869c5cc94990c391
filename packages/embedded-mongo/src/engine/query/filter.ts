import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject } from '../values/bson-type';
import { filterPredicates, type FilterPredicates } from './index-bounds';
import { mingoCondition, mingoOptions } from './mingo-context';

/** A query filter ready to test documents, with what an index can answer. */
export interface CompiledFilter {
  /** The filter as mingo runs it (`$comment` removed). */
  readonly filter: Document;
  readonly test: (doc: Document) => boolean;
  /**
   * Field paths the filter pins to a list of values (`{ a: v }`, `{ a: { $eq: v } }`,
   * `{ a: { $in: [...] } }`, also inside `$and`): a document can only match if
   * its field equals one of them, so an index on the field yields all candidates.
   */
  readonly equalities: ReadonlyMap<string, readonly unknown[]>;
  /**
   * Set when the filter is nothing but one field pinned to scalar values
   * (`{ a: v }`, `{ a: { $eq: v } }`, `{ a: { $in: [...] } }`): an exact index
   * lookup on that field then is the answer, with nothing left to test.
   */
  readonly exactPath?: string;
  /** What index bounds can express of the filter (see filterPredicates). */
  readonly predicates: FilterPredicates;
}

/**
 * Whether an index lookup of this value finds every document the equality
 * matches: not for regexes (pattern match) or arrays (whole-array equality is
 * not an index key).
 */
function indexable(value: unknown): boolean {
  return !Array.isArray(value) && !(value instanceof RegExp) && value !== undefined;
}

function equalityValues(condition: unknown): readonly unknown[] | undefined {
  if (isPlainObject(condition)) {
    const keys = Object.keys(condition);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      if ('$eq' in condition) return indexable(condition.$eq) ? [condition.$eq] : undefined;
      const list = condition.$in;
      if (Array.isArray(list) && list.every(indexable)) return list;
      return undefined;
    }
  }
  return indexable(condition) ? [condition] : undefined;
}

function collectEqualities(filter: Document, out: Map<string, readonly unknown[]>): void {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectEqualities(clause, out);
    } else if (!key.startsWith('$')) {
      const values = equalityValues(condition);
      const known = out.get(key);
      if (values && (!known || values.length < known.length)) out.set(key, values);
    }
  }
}

const MATCH_ALL = (): boolean => true;

/** A value whose index key means exactly the same as query equality with it. */
function exactScalar(value: unknown): boolean {
  return value !== null && indexable(value) && !isPlainObject(value);
}

function exactCondition(condition: unknown): boolean {
  if (!isPlainObject(condition)) return exactScalar(condition);
  const keys = Object.keys(condition);
  if (keys.length !== 1) return false;
  if (keys[0] === '$eq') return exactScalar(condition.$eq);
  return keys[0] === '$in' && Array.isArray(condition.$in) && condition.$in.every(exactScalar);
}

/** Validates and compiles a query filter (mingo does the matching). */
export function compileFilter(filter: unknown = {}, variables?: Document): CompiledFilter {
  if (!isPlainObject(filter)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'query filter must be an object');
  }
  // `$comment` only labels the query for logs and profilers.
  const rest: Document = { ...filter };
  delete rest.$comment;
  const equalities = new Map<string, readonly unknown[]>();
  collectEqualities(rest, equalities);
  const keys = Object.keys(rest);
  const predicates = filterPredicates(rest);
  if (keys.length === 0) return { filter: rest, test: MATCH_ALL, equalities, predicates };
  const compile = () => new Query(mingoCondition(rest), mingoOptions({ variables }));
  if (predicates.complete) {
    // Only comparisons of fields with values: nothing in it can be invalid, so
    // mingo compiles only if documents need testing, which an exact index
    // plan (a point lookup, a range) never does.
    let query: Query | undefined;
    const exact = keys.length === 1 && !keys[0]!.startsWith('$') && exactCondition(rest[keys[0]!]);
    return {
      filter: rest,
      test: (doc) => (query ??= compile()).test(doc),
      equalities,
      predicates,
      exactPath: exact ? keys[0] : undefined,
    };
  }
  const query = compile();
  return { filter: rest, test: (doc) => query.test(doc), equalities, predicates };
}
