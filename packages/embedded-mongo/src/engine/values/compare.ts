import type { Binary, ObjectId, Timestamp } from 'bson';
import { TypeRank, isPlainObject, numericValue, typeFamily } from './bson-type';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Numbers of any BSON numeric type, exactly across number/bigint; NaN sorts first and equals NaN. */
export function compareNumbers(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && Number.isNaN(a);
  const bNaN = typeof b === 'number' && Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : aNaN ? -1 : 1;
  // Relational operators compare bigint with number exactly.
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return sign(Buffer.compare(a, b));
}

function compareBinary(a: Binary, b: Binary): number {
  // mongod: length first, then subtype, then bytes.
  return (
    sign(a.length() - b.length()) ||
    sign(a.sub_type - b.sub_type) ||
    compareBytes(a.value(), b.value())
  );
}

/** bson 7 keeps an ObjectId as four 24-bit integers, in byte order. */
interface ObjectIdParts {
  readonly i0?: unknown;
  readonly i1: number;
  readonly i2: number;
  readonly i3: number;
}

function compareObjectIds(a: ObjectId, b: ObjectId): number {
  // Indexes compare `_id`s all the time: no hex strings (or `.id` buffers) per comparison.
  const x = a as unknown as ObjectIdParts;
  const y = b as unknown as ObjectIdParts;
  if (typeof x.i0 === 'number' && typeof y.i0 === 'number') {
    return sign(x.i0 - y.i0) || sign(x.i1 - y.i1) || sign(x.i2 - y.i2) || sign(x.i3 - y.i3);
  }
  return compareStrings(a.toHexString(), b.toHexString());
}

function compareTimestamps(a: Timestamp, b: Timestamp): number {
  return sign(a.t - b.t) || sign(a.i - b.i);
}

function compareEntries(a: [string, unknown][], b: [string, unknown][]): number {
  const size = Math.min(a.length, b.length);
  for (let i = 0; i < size; i++) {
    const [keyA, valueA] = a[i];
    const [keyB, valueB] = b[i];
    // mongod compares each element's canonical type, then its name, then its value.
    const order =
      sign(TypeRank[typeFamily(valueA)] - TypeRank[typeFamily(valueB)]) ||
      compareStrings(keyA, keyB) ||
      compareBson(valueA, valueB);
    if (order) return order;
  }
  return sign(a.length - b.length);
}

function objectEntries(value: object): [string, unknown][] {
  return isPlainObject(value)
    ? Object.entries(value)
    : Object.entries((value as { toJSON(): object }).toJSON());
}

/**
 * Compares two decoded BSON values in MongoDB's order: MinKey < null <
 * numbers < strings < objects < arrays < binData < ObjectId < bool < date <
 * timestamp < regex < code < MaxKey, then by value within a family. Missing
 * (`undefined`) compares as null.
 */
export function compareBson(a: unknown, b: unknown): number {
  const familyA = typeFamily(a);
  const familyB = typeFamily(b);
  if (familyA !== familyB) return sign(TypeRank[familyA] - TypeRank[familyB]);
  switch (familyA) {
    case 'null':
    case 'minKey':
    case 'maxKey':
      return 0;
    case 'number':
      return compareNumbers(numericValue(a as number), numericValue(b as number));
    case 'string':
      return compareStrings(String(a), String(b));
    case 'bool':
      return sign(Number(a) - Number(b));
    case 'date':
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 'objectId':
      return compareObjectIds(a as ObjectId, b as ObjectId);
    case 'binData':
      return compareBinary(a as Binary, b as Binary);
    case 'timestamp':
      return compareTimestamps(a as Timestamp, b as Timestamp);
    case 'regex': {
      const [ra, rb] = [a as { source: string; flags?: string }, b as { source: string }];
      return compareStrings(ra.source, rb.source) || compareStrings(regexFlags(ra), regexFlags(rb));
    }
    case 'array':
      return compareEntries(
        (a as unknown[]).map((v, i) => [String(i), v]),
        (b as unknown[]).map((v, i) => [String(i), v]),
      );
    case 'object':
      return compareEntries(objectEntries(a as object), objectEntries(b as object));
    case 'code':
      return compareStrings(
        String((a as { code: string }).code),
        String((b as { code: string }).code),
      );
  }
}

function regexFlags(regex: object): string {
  if (regex instanceof RegExp) return regex.flags;
  return String((regex as { options?: string }).options ?? '');
}

/** BSON equality as queries see it: numbers equal across types, documents field-order sensitive. */
export function bsonEquals(a: unknown, b: unknown): boolean {
  return compareBson(a, b) === 0;
}
