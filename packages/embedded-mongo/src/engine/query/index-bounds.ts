import type { Document } from 'bson';
import { familyEdge, HIGHEST, KeyEdge, LOWEST, compareKeyPart } from '../indexes/index-key';
import { isPlainObject, typeFamily, type TypeFamily } from '../values/bson-type';
import { formatValue } from '../values/format';

/** Values of one field between two bounds (a bound may be a `KeyEdge`). */
export interface Interval {
  readonly low: unknown;
  readonly lowInclusive: boolean;
  readonly high: unknown;
  readonly highInclusive: boolean;
}

/** What a filter says about one field that an index can answer. */
export interface FieldPredicate {
  /** One interval list per condition on the field (they are ANDed), each sorted and disjoint. */
  readonly lists: readonly (readonly Interval[])[];
  /** Whether each list holds exactly the values its condition matches (nothing left to test). */
  readonly exact: boolean;
}

/** The parts of a filter that index bounds can express. */
export interface FilterPredicates {
  readonly fields: ReadonlyMap<string, FieldPredicate>;
  /** Whether every condition of the filter is one of `fields`' lists (else some must be tested). */
  readonly complete: boolean;
  /** The filter's conditions by field (top level and `$and`), to check a partial index's filter. */
  readonly conditions: readonly [string, unknown][];
}

/** Families with a total order inside them, so that `$gt` & co. map to one stretch of an index. */
const RANGE_FAMILIES = new Set<TypeFamily>([
  'number',
  'string',
  'date',
  'objectId',
  'bool',
  'timestamp',
  'binData',
]);

/** Values an index key equals exactly when query equality matches them. */
const EXACT_FAMILIES = new Set<TypeFamily>([...RANGE_FAMILIES, 'minKey', 'maxKey', 'code']);

const point = (value: unknown): Interval => ({
  low: value,
  lowInclusive: true,
  high: value,
  highInclusive: true,
});

/**
 * A value equality can look up: not null (it also matches missing fields,
 * and arrays holding null), regexes (pattern match) or arrays (whole-array
 * equality is not an index key). Documents can be looked up but not exactly.
 */
function pointable(value: unknown): boolean {
  const family = typeFamily(value);
  return family !== 'null' && family !== 'regex' && family !== 'array' && value !== undefined;
}

function isNaNValue(value: unknown): boolean {
  return typeof value === 'number' && Number.isNaN(value);
}

/** Point intervals of the values, sorted, without repeats (`1` and `1.0` are one key). */
export function points(values: readonly unknown[]): Interval[] {
  const sorted = [...values].sort(compareKeyPart);
  return sorted
    .filter((value, i) => i === 0 || compareKeyPart(sorted[i - 1], value) !== 0)
    .map(point);
}

interface Translation {
  readonly list: Interval[];
  readonly exact: boolean;
}

/** One operator of a field condition as intervals, or undefined when an index cannot help. */
function translateOperator(operator: string, operand: unknown): Translation | undefined {
  switch (operator) {
    case '$eq':
      return pointable(operand)
        ? { list: [point(operand)], exact: EXACT_FAMILIES.has(typeFamily(operand)) }
        : undefined;
    case '$in':
      if (!Array.isArray(operand) || !operand.every(pointable)) return undefined;
      return {
        list: points(operand),
        exact: operand.every((value) => EXACT_FAMILIES.has(typeFamily(value))),
      };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const family = typeFamily(operand);
      if (!RANGE_FAMILIES.has(family) || isNaNValue(operand)) return undefined;
      // Type bracketing: `{ $gt: 5 }` runs to the last number, never into strings.
      const inclusive = operator.endsWith('e');
      const interval: Interval = operator.startsWith('$g')
        ? {
            low: operand,
            lowInclusive: inclusive,
            high: familyEdge(family, 1),
            highInclusive: true,
          }
        : {
            low: familyEdge(family, -1),
            lowInclusive: true,
            high: operand,
            highInclusive: inclusive,
          };
      return { list: [interval], exact: true };
    }
    default:
      return undefined;
  }
}

class PredicateCollector {
  readonly fields = new Map<string, { lists: Interval[][]; exact: boolean }>();
  readonly conditions: [string, unknown][] = [];
  complete = true;

  collect(filter: Document): void {
    for (const [key, condition] of Object.entries(filter)) {
      if (key === '$and' && Array.isArray(condition) && condition.length > 0) {
        for (const clause of condition) {
          if (isPlainObject(clause)) this.collect(clause);
          else this.complete = false;
        }
      } else if (key.startsWith('$')) {
        this.complete = false;
      } else {
        this.conditions.push([key, condition]);
        this.field(key, condition);
      }
    }
  }

  private field(path: string, condition: unknown): void {
    const operators =
      isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))
        ? Object.entries(condition)
        : [['$eq', condition] as const];
    for (const [operator, operand] of operators) {
      const translation = translateOperator(operator, operand);
      if (!translation) {
        this.complete = false;
        continue;
      }
      const known = this.fields.get(path) ?? { lists: [], exact: true };
      known.lists.push(translation.list);
      known.exact &&= translation.exact;
      this.fields.set(path, known);
    }
  }
}

/**
 * What an index could use from a filter: per field, the intervals of each of
 * its conditions (`v`, `$eq`, `$in`, `$gt`, `$gte`, `$lt`, `$lte`, at the top
 * level or inside `$and`). Anything else (`$or`, `$ne`, `$exists`, regexes…)
 * is left to the matcher.
 */
export function filterPredicates(filter: Document): FilterPredicates {
  const collector = new PredicateCollector();
  collector.collect(filter);
  return {
    fields: collector.fields,
    complete: collector.complete,
    conditions: collector.conditions,
  };
}

function maxLow(a: Interval, b: Interval): Pick<Interval, 'low' | 'lowInclusive'> {
  const order = compareKeyPart(a.low, b.low);
  if (order === 0) return { low: a.low, lowInclusive: a.lowInclusive && b.lowInclusive };
  const { low, lowInclusive } = order > 0 ? a : b;
  return { low, lowInclusive };
}

function minHigh(a: Interval, b: Interval): Pick<Interval, 'high' | 'highInclusive'> {
  const order = compareKeyPart(a.high, b.high);
  if (order === 0) return { high: a.high, highInclusive: a.highInclusive && b.highInclusive };
  const { high, highInclusive } = order < 0 ? a : b;
  return { high, highInclusive };
}

/** Values in both lists (each sorted and disjoint, and so is the result). */
export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const interval = { ...maxLow(x, y), ...minHigh(x, y) };
      const order = compareKeyPart(interval.low, interval.high);
      if (order < 0 || (order === 0 && interval.lowInclusive && interval.highInclusive)) {
        out.push(interval);
      }
    }
  }
  return out;
}

export function isPoint(interval: Interval): boolean {
  return (
    interval.lowInclusive &&
    interval.highInclusive &&
    !(interval.low instanceof KeyEdge) &&
    compareKeyPart(interval.low, interval.high) === 0
  );
}

/** Every value of a field: the bounds of a field the filter says nothing about. */
export const ALL_VALUES: Interval = {
  low: LOWEST,
  lowInclusive: true,
  high: HIGHEST,
  highInclusive: true,
};

function formatBound(bound: unknown, side: 'low' | 'high'): string {
  if (!(bound instanceof KeyEdge)) return formatValue(bound);
  if (bound === LOWEST) return 'MinKey';
  if (bound === HIGHEST) return 'MaxKey';
  if (bound.rank === familyEdge('number', 1).rank) return bound.side < 0 ? '-inf.0' : 'inf.0';
  return side === 'low' ? `MinKey(${bound.rank})` : `MaxKey(${bound.rank})`;
}

/** An interval as mongod's explain writes it, e.g. `[5, inf.0]` or `("a", "b"]`, in scan order. */
export function formatInterval(interval: Interval, descending: boolean): string {
  const low = `${interval.lowInclusive ? '[' : '('}${formatBound(interval.low, 'low')}`;
  const high = `${formatBound(interval.high, 'high')}${interval.highInclusive ? ']' : ')'}`;
  if (!descending) return `${low}, ${high}`;
  const reversedLow = `${interval.highInclusive ? '[' : '('}${formatBound(interval.high, 'high')}`;
  const reversedHigh = `${formatBound(interval.low, 'low')}${interval.lowInclusive ? ']' : ')'}`;
  return `${reversedLow}, ${reversedHigh}`;
}
