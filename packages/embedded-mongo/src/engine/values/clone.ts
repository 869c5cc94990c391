import { Binary } from 'bson';
import { isPlainObject } from './bson-type';

/**
 * Deep copy of a decoded BSON value. Documents, arrays, dates, regexes and
 * binary data are copied; ObjectId, Decimal128, Timestamp and the other bson
 * value classes are immutable and shared. Field order is preserved.
 */
export function cloneValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = cloneValue(value[key]);
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if ((value as { _bsontype?: unknown })._bsontype === 'Binary') {
    const binary = value as unknown as Binary;
    return new Binary(Uint8Array.from(binary.value()), binary.sub_type) as T;
  }
  return value;
}
