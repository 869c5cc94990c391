import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import { compareBson } from '../values/compare';
import { isEmptyArray, pathValues } from '../values/paths';

interface SortField {
  readonly path: string;
  readonly direction: 1 | -1;
}

/** A parsed sort specification. `natural` is set for `{ $natural: ±1 }` (insertion order). */
export interface SortSpec {
  readonly fields: readonly SortField[];
  readonly natural?: 1 | -1;
}

function direction(value: unknown): 1 | -1 {
  if (isNumeric(value)) {
    const n = Number(numericValue(value));
    if (n === 1 || n === -1) return n;
  }
  if (isPlainObject(value) && '$meta' in value) {
    throw new CommandError(
      ErrorCode.BadValue,
      `$meta sort by '${String(value.$meta)}' is not supported`,
    );
  }
  throw new CommandError(
    ErrorCode.BadValue,
    '$sort key ordering must be 1 (for ascending) or -1 (for descending)',
  );
}

/** Validates a `sort` document (`{ a: 1, b: -1 }`). */
export function parseSort(spec: unknown): SortSpec {
  if (!isPlainObject(spec))
    throw new CommandError(ErrorCode.BadValue, '$sort specification must be an object');
  const entries = Object.entries(spec);
  if (entries.length === 1 && entries[0][0] === '$natural') {
    return { fields: [], natural: direction(entries[0][1]) };
  }
  return { fields: entries.map(([path, value]) => ({ path, direction: direction(value) })) };
}

/**
 * The value a document sorts by on one field: over arrays, the smallest
 * element ascending and the largest descending; missing sorts as null and an
 * empty array below null.
 */
function sortKey(doc: Document, field: SortField): unknown {
  const values = pathValues(doc, field.path);
  if (values.length === 0) return null;
  let best = values[0];
  for (const value of values.slice(1)) {
    const order = compareSortValues(value, best);
    if (field.direction === 1 ? order < 0 : order > 0) best = value;
  }
  return best;
}

function compareSortValues(a: unknown, b: unknown): number {
  const emptyA = isEmptyArray(a);
  const emptyB = isEmptyArray(b);
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? -1 : 1;
  return compareBson(a, b);
}

/** Sorts documents by MongoDB's rules (stable: ties keep their input order). */
export function sortDocuments<T extends Document>(docs: T[], spec: SortSpec): T[] {
  if (spec.natural === -1) return docs.reverse();
  if (spec.fields.length === 0) return docs;
  const keyed = docs.map((doc) => ({ doc, keys: spec.fields.map((field) => sortKey(doc, field)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < spec.fields.length; i++) {
      const order = compareSortValues(x.keys[i], y.keys[i]);
      if (order) return order * spec.fields[i].direction;
    }
    return 0;
  });
  return keyed.map(({ doc }) => doc);
}
