import type { Decimal128 } from 'bson';

/**
 * The BSON type families in MongoDB's comparison order. Values of different
 * families compare by this order alone; within a family they compare by value
 * (all numeric types together, strings with symbols).
 * https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/
 */
export const TypeRank = {
  minKey: 1,
  null: 2,
  number: 3,
  string: 4,
  object: 5,
  array: 6,
  binData: 7,
  objectId: 8,
  bool: 9,
  date: 10,
  timestamp: 11,
  regex: 12,
  code: 13,
  maxKey: 14,
} as const;

export type TypeFamily = keyof typeof TypeRank;

/** A value from the `bson` package: its classes carry a `_bsontype` tag (robust across package copies). */
function bsonTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === 'string' ? tag : undefined;
}

const NUMERIC_TAGS = new Set(['Decimal128', 'Int32', 'Double', 'Long']);

/** The family of a decoded BSON value; `undefined` (a missing field) counts as null, as in sorts. */
export function typeFamily(value: unknown): TypeFamily {
  switch (typeof value) {
    case 'undefined':
      return 'null';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'object':
      break;
    default:
      return 'object';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  switch (bsonTag(value)) {
    case undefined:
    case 'DBRef':
      return 'object';
    case 'ObjectId':
      return 'objectId';
    case 'Binary':
      return 'binData';
    case 'Timestamp':
      return 'timestamp';
    case 'MinKey':
      return 'minKey';
    case 'MaxKey':
      return 'maxKey';
    case 'BSONRegExp':
      return 'regex';
    case 'Code':
      return 'code';
    case 'BSONSymbol':
      return 'string';
    default:
      return 'number';
  }
}

/** Whether the value is any BSON number: Int32/Double (JS number), Long (bigint) or a bson numeric class. */
export function isNumeric(value: unknown): value is number | bigint | object {
  if (typeof value === 'number' || typeof value === 'bigint') return true;
  return typeof value === 'object' && value !== null && NUMERIC_TAGS.has(bsonTag(value) ?? '');
}

/** Whether the value is a bson `Decimal128`. */
export function isDecimal128(value: unknown): value is Decimal128 {
  return typeof value === 'object' && value !== null && bsonTag(value) === 'Decimal128';
}

/**
 * A BSON number as a JS number or bigint, for comparisons. Decimal128 goes
 * through its decimal string, so it compares exactly only within double
 * precision: the engine stores it exactly but does not do decimal math in
 * comparisons.
 */
export function numericValue(value: number | bigint | object): number | bigint {
  if (typeof value === 'number' || typeof value === 'bigint') return value;
  const tag = bsonTag(value);
  if (tag === 'Long') return (value as { toBigInt(): bigint }).toBigInt();
  if (tag === 'Decimal128') return Number(value.toString());
  return (value as { valueOf(): number }).valueOf();
}

/** Plain documents (not arrays, dates or bson value classes). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

const CLASS_ALIASES: Record<string, string | undefined> = {
  Decimal128: 'decimal',
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Code: 'javascript',
  BSONSymbol: 'symbol',
};

/** The `$type` alias mongod uses in messages ("string", "int", "objectId", ...). */
export function typeAlias(value: unknown): string {
  if (value === undefined) return 'missing';
  // A JS number goes on the wire as an Int32 when it is one, else as a double.
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'double';
  }
  if (typeof value === 'bigint') return 'long';
  if (typeof value === 'object' && value !== null) {
    const alias = CLASS_ALIASES[bsonTag(value) ?? ''];
    if (alias) return alias;
  }
  return typeFamily(value);
}
