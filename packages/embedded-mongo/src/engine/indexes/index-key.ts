import { TypeRank, typeFamily, type TypeFamily } from '../values/bson-type';
import { compareBson, compareNumbers } from '../values/compare';

/**
 * A bound that sorts just below or just above every value of one BSON type
 * family (or of all values), so that a seek can start at "the first number"
 * or stop after "the last string" without naming a value: the ends of
 * MongoDB's type-bracketed ranges (`{ $gt: 5 }` runs up to the last number).
 */
export class KeyEdge {
  constructor(
    /** The family's rank in BSON order (±Infinity: beyond every family). */
    readonly rank: number,
    /** -1 sorts before every value of the family, 1 after. */
    readonly side: -1 | 1,
  ) {}
}

/** Below every value: MongoDB's MinKey as an index bound. */
export const LOWEST = new KeyEdge(-Infinity, -1);
/** Above every value: MaxKey as an index bound. */
export const HIGHEST = new KeyEdge(Infinity, 1);

export function familyEdge(family: TypeFamily, side: -1 | 1): KeyEdge {
  return new KeyEdge(TypeRank[family], side);
}

function compareEdge(edge: KeyEdge, value: unknown): number {
  const rank = value instanceof KeyEdge ? value.rank : TypeRank[typeFamily(value)];
  if (edge.rank !== rank) return edge.rank < rank ? -1 : 1;
  if (value instanceof KeyEdge) return edge.side === value.side ? 0 : edge.side;
  return edge.side;
}

/**
 * One component of an index key in BSON order, with fast paths for the
 * common cases (strings are also the documents' canonical `_id` keys, the
 * last component of every entry). Bounds (`KeyEdge`) compare against values.
 */
export function compareKeyPart(a: unknown, b: unknown): number {
  const type = typeof a;
  if (type === typeof b) {
    if (type === 'string') return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    if (type === 'number') {
      if ((a as number) < (b as number)) return -1;
      if ((a as number) > (b as number)) return 1;
      if (a === b) return 0;
      return compareNumbers(a as number, b as number);
    }
  }
  if (a instanceof KeyEdge) return compareEdge(a, b);
  if (b instanceof KeyEdge) return -compareEdge(b, a);
  return compareBson(a, b);
}
