import type { Document } from 'bson';
import { HIGHEST, LOWEST } from '../indexes/index-key';
import { ID_INDEX_NAME } from '../indexes/index-spec';
import type { IndexEntry, IndexSegment, OrderedIndex } from '../indexes/ordered-index';
import { canonicalKey } from '../values/canonical-key';
import { isPlainObject } from '../values/bson-type';
import type { CompiledFilter } from './filter';
import {
  ALL_VALUES,
  formatInterval,
  intersect,
  isPoint,
  points,
  type FieldPredicate,
  type FilterPredicates,
  type Interval,
} from './index-bounds';
import type { SortSpec } from './sort';

const ID_FIELD = '_id';

/** Beyond this many combinations of `$in` values, later fields are left to the matcher. */
const MAX_POINT_COMBINATIONS = 1_000;

interface ScanPlan {
  readonly filter: CompiledFilter;
  /** Whether the documents come out in the requested sort order (no sort in memory). */
  readonly sorted: boolean;
}

/** Reads the whole collection in insertion order and tests each document. */
export interface CollectionScan extends ScanPlan {
  readonly kind: 'collscan';
}

/** Walks stretches of one index, forwards or backwards. */
export interface IndexScan extends ScanPlan {
  readonly kind: 'ixscan';
  readonly index: OrderedIndex;
  readonly segments: readonly IndexSegment[];
  readonly backward: boolean;
  /** Whether an entry within the segments always matches (the filter need not be tested). */
  readonly exact: boolean;
  /** Whether a document can have several entries in the segments (results are deduplicated). */
  readonly multikey: boolean;
  /** `_id` values to fetch from the `_id` hash instead of walking (the point-lookup fast path). */
  readonly ids?: readonly unknown[];
  /** Per leading field of the index, the intervals walked (see indexBounds). */
  readonly intervals: readonly (readonly Interval[])[];
}

export type QueryPlan = CollectionScan | IndexScan;

/** The fields an index walk pins: leading fields to points, then maybe one range. */
interface Walk {
  readonly fields: readonly { readonly intervals: readonly Interval[]; readonly exact: boolean }[];
  /** How many of the leading fields are pinned to points. */
  readonly pointFields: number;
  readonly hasRange: boolean;
}

function fieldIntervals(
  predicate: FieldPredicate,
  multikey: boolean,
): { intervals: readonly Interval[]; exact: boolean } {
  if (!multikey) {
    return { intervals: predicate.lists.reduce(intersect), exact: predicate.exact };
  }
  // Over arrays, `{ $gt: 1, $lt: 5 }` may be met by two different elements:
  // the bounds come from one condition (points if any), the matcher checks the rest.
  const lists = [...predicate.lists].sort(
    (a, b) => Number(!a.every(isPoint)) - Number(!b.every(isPoint)),
  );
  return { intervals: lists[0], exact: predicate.exact && lists.length === 1 };
}

function walkOf(index: OrderedIndex, predicates: FilterPredicates): Walk {
  const fields: Walk['fields'][number][] = [];
  let combinations = 1;
  let hasRange = false;
  for (const [i, field] of index.definition.fields.entries()) {
    const predicate = predicates.fields.get(field);
    if (!predicate) break;
    const { intervals, exact } = fieldIntervals(predicate, index.multikey);
    const allPoints = intervals.every(isPoint);
    // A hashed field answers equality only.
    if (!allPoints && typeof index.definition.key[field] === 'string') break;
    if (allPoints && i + 1 < index.definition.fields.length) {
      if (combinations * intervals.length > MAX_POINT_COMBINATIONS) break;
      combinations *= Math.max(1, intervals.length);
    }
    fields.push({ intervals, exact });
    if (!allPoints) {
      hasRange = true;
      break;
    }
  }
  return { fields, pointFields: hasRange ? fields.length - 1 : fields.length, hasRange };
}

/** Fields the filter pins to one value: they do not change the order of what it matches. */
function pinnedFields(predicates: FilterPredicates): Set<string> {
  const pinned = new Set<string>();
  for (const [field, predicate] of predicates.fields) {
    const intervals = predicate.lists.reduce(intersect);
    if (intervals.length === 1 && isPoint(intervals[0])) pinned.add(field);
  }
  return pinned;
}

/**
 * Whether walking `index` gives `sort`'s order, and in which direction: the
 * sort (less the fields the filter pins) must follow the key pattern, or its
 * exact reverse, skipping pinned fields. Never for a multikey index (a
 * document would sort by each of its elements).
 */
function sortDirection(
  index: OrderedIndex,
  sort: SortSpec,
  pinned: ReadonlySet<string>,
): 'forward' | 'backward' | undefined {
  if (index.multikey) return undefined;
  // A pinned field only stays put if it is never an array: known for fields of this index.
  const { fields } = index.definition;
  const wanted = sort.fields.filter(
    (field) => !(pinned.has(field.path) && fields.includes(field.path)),
  );
  let ratio: number | undefined;
  let next = 0;
  for (const [i, field] of fields.entries()) {
    if (next === wanted.length) break;
    if (wanted[next].path === field && typeof index.definition.key[field] !== 'string') {
      const fieldRatio = wanted[next].direction * index.directions[i];
      if (ratio !== undefined && ratio !== fieldRatio) return undefined;
      ratio = fieldRatio;
      next++;
    } else if (!pinned.has(field)) {
      return undefined;
    }
  }
  if (next < wanted.length) return undefined;
  return (ratio ?? 1) > 0 ? 'forward' : 'backward';
}

/**
 * Whether every document the filter matches is in a partial index: each
 * condition of the partial filter appears as such in the query, or is an
 * `$exists: true` on a field the query bounds (bounds never include missing).
 */
function impliesPartialFilter(predicates: FilterPredicates, partial: Document): boolean {
  const stated = new Set(predicates.conditions.map(([f, c]) => `${f}\0${canonicalKey(c)}`));
  return Object.entries(partial).every(([field, condition]) => {
    if (stated.has(`${field}\0${canonicalKey(condition)}`)) return true;
    const existsOnly =
      isPlainObject(condition) && Object.keys(condition).length === 1 && condition.$exists === true;
    return existsOnly && predicates.fields.has(field);
  });
}

/** Whether the index holds every document the query can match. */
function holdsAllMatches(index: OrderedIndex, predicates: FilterPredicates, walk: Walk): boolean {
  const { definition } = index;
  if (definition.partialFilterExpression) {
    if (!impliesPartialFilter(predicates, definition.partialFilterExpression)) return false;
  }
  // Documents missing every field are not in a sparse index; bounds never include missing.
  return !definition.sparse || walk.fields.length > 0;
}

function tuple(parts: readonly unknown[][]): unknown[][] {
  return parts.reduce<unknown[][]>(
    (combos, values) => combos.flatMap((combo) => values.map((value) => [...combo, value])),
    [[]],
  );
}

/** The stretches of the index the walk covers, in index order. */
function segmentsOf(index: OrderedIndex, walk: Walk): IndexSegment[] {
  const { directions } = index;
  const inOrder = (intervals: readonly Interval[], i: number) =>
    directions[i] === 1 ? intervals : [...intervals].reverse();
  const fields = walk.fields.length > 0 ? walk.fields : [{ intervals: [ALL_VALUES] }];
  const { definition } = index;
  const single =
    definition.unique && !walk.hasRange && walk.fields.length === definition.fields.length;
  const last = fields.length - 1;
  const prefixes = tuple(
    fields.slice(0, last).map((f, i) => inOrder(f.intervals, i).map((p) => p.low)),
  );
  // Below (or above) every entry sharing the bounds so far, in tree order.
  const fill = (from: number, side: -1 | 1): unknown[] => [
    ...directions.slice(from).map((direction) => (direction * side > 0 ? HIGHEST : LOWEST)),
    side > 0 ? HIGHEST : LOWEST,
  ];
  const segments: IndexSegment[] = [];
  for (const prefix of prefixes) {
    for (const interval of inOrder(fields[last].intervals, last)) {
      const ascending = directions[last] === 1;
      const [first, firstInclusive, second, secondInclusive] = ascending
        ? [interval.low, interval.lowInclusive, interval.high, interval.highInclusive]
        : [interval.high, interval.highInclusive, interval.low, interval.lowInclusive];
      const start: IndexEntry = [...prefix, first, ...fill(last + 1, firstInclusive ? -1 : 1)];
      const end: IndexEntry = [...prefix, second, ...fill(last + 1, secondInclusive ? 1 : -1)];
      segments.push({ start, end, single });
    }
  }
  return segments;
}

/** The plan's bounds per index field as explain shows them, in the order walked. */
export function indexBounds(plan: IndexScan): Document {
  const bounds: Document = {};
  plan.index.definition.fields.forEach((field, i) => {
    const intervals = plan.intervals[i] ?? [ALL_VALUES];
    const descending = (plan.index.directions[i] === -1) !== plan.backward;
    const ordered = descending ? [...intervals].reverse() : intervals;
    bounds[field] = ordered.map((interval) => formatInterval(interval, descending));
  });
  return bounds;
}

interface Candidate {
  readonly index: OrderedIndex;
  readonly walk: Walk;
  readonly direction: 'forward' | 'backward' | undefined;
  readonly pointLookup: boolean;
  /** Compared in order, higher first; ties keep the earlier index (`_id_` first). */
  readonly score: readonly number[];
}

function candidate(
  index: OrderedIndex,
  predicates: FilterPredicates,
  sort: SortSpec | undefined,
  pinned: ReadonlySet<string>,
): Candidate | undefined {
  const walk = walkOf(index, predicates);
  const wantsSort = sort !== undefined && sort.fields.length > 0;
  const direction = wantsSort ? sortDirection(index, sort, pinned) : undefined;
  const constrains = walk.fields.length > 0;
  if (!constrains && !direction) return undefined;
  if (!holdsAllMatches(index, predicates, walk)) return undefined;
  const { definition } = index;
  const pointLookup =
    definition.unique && !walk.hasRange && walk.fields.length === definition.fields.length;
  const coverage = constrains ? (direction || !wantsSort ? 3 : 2) : 1;
  return {
    index,
    walk,
    direction,
    pointLookup,
    score: [
      pointLookup ? 1 : 0,
      coverage,
      walk.pointFields,
      walk.hasRange ? 1 : 0,
      definition.unique ? 1 : 0,
      -definition.fields.length,
    ],
  };
}

function indexScan(
  { index, walk, direction, pointLookup }: Candidate,
  filter: CompiledFilter,
  exact: boolean,
): IndexScan {
  // `_id` point lookups go to the documents' hash, with no walk.
  const ids =
    index.definition.name === ID_INDEX_NAME && pointLookup
      ? walk.fields[0].intervals.map((interval) => interval.low)
      : undefined;
  return {
    kind: 'ixscan',
    filter,
    sorted: direction !== undefined || (pointLookup && walk.fields[0].intervals.length <= 1),
    index,
    segments: ids ? [] : segmentsOf(index, walk),
    backward: direction === 'backward',
    exact,
    multikey: index.multikey,
    ids,
    intervals: walk.fields.map((field) => field.intervals),
  };
}

/** Whether the walk answers every condition of the filter, so matches need no test. */
function answersFilter({ index, walk }: Candidate, predicates: FilterPredicates): boolean {
  const inWalk = new Set(index.definition.fields.slice(0, walk.fields.length));
  return (
    predicates.complete &&
    [...predicates.fields.keys()].every((field) => inWalk.has(field)) &&
    walk.fields.every((field) => field.exact)
  );
}

/**
 * Most queries pin one field to scalar values (`{ _id: v }`, `{ email: v }`):
 * a single-field index on it answers them exactly, unique ones first, without
 * weighing every index.
 */
function pointCandidate(
  indexes: readonly OrderedIndex[],
  path: string,
  values: readonly unknown[],
): Candidate | undefined {
  let chosen: OrderedIndex | undefined;
  for (const index of indexes) {
    const { definition } = index;
    if (definition.fields.length !== 1 || definition.fields[0] !== path) continue;
    if (definition.partialFilterExpression) continue;
    if (!chosen || (definition.unique && !chosen.definition.unique)) chosen = index;
  }
  if (!chosen) return undefined;
  const walk: Walk = {
    fields: [{ intervals: points(values), exact: true }],
    pointFields: 1,
    hasRange: false,
  };
  return {
    index: chosen,
    walk,
    direction: undefined,
    pointLookup: chosen.definition.unique,
    score: [],
  };
}

/**
 * Whether a query needs the `_id_` index as a tree (a range or a sort on
 * `_id`), rather than only point lookups, which the documents' hash answers.
 */
export function needsIdTree(filter: CompiledFilter, sort?: SortSpec): boolean {
  if (sort?.fields.some((field) => field.path === ID_FIELD)) return true;
  const predicate = filter.predicates.fields.get(ID_FIELD);
  return predicate !== undefined && !predicate.lists.reduce(intersect).every(isPoint);
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/**
 * Chooses how to read what `filter` matches in `sort` order, simply and
 * predictably: a unique index pinned by equality first; then an index that
 * answers the filter's equalities and range and gives the sort; then one that
 * answers the filter without the sort; then one that only gives the sort;
 * else a collection scan. Ties go to more pinned fields, a range, a unique
 * index, fewer fields, then the older index.
 */
export function planQuery(
  indexes: readonly OrderedIndex[],
  filter: CompiledFilter,
  sort?: SortSpec,
): QueryPlan {
  if (sort?.natural !== undefined) return { kind: 'collscan', filter, sorted: false };
  const path = filter.exactPath;
  if (path !== undefined && !sort?.fields.length) {
    const point = pointCandidate(indexes, path, filter.equalities.get(path) ?? []);
    if (point) return indexScan(point, filter, true);
  }
  const { predicates } = filter;
  const pinned = pinnedFields(predicates);
  let best: Candidate | undefined;
  for (const index of indexes) {
    const found = candidate(index, predicates, sort, pinned);
    if (found && (!best || better(found.score, best.score))) best = found;
  }
  if (!best) return { kind: 'collscan', filter, sorted: false };
  return indexScan(best, filter, answersFilter(best, predicates));
}
