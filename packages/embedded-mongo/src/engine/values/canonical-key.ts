import type { Binary, ObjectId, Timestamp } from 'bson';
import { isPlainObject, numericValue, typeFamily } from './bson-type';

function numberKey(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (Number.isNaN(value)) return 'NaN';
  // Integral doubles share the key of the equal Int32/Long (and -0 that of 0).
  return Number.isInteger(value) ? BigInt(value).toString() : String(value);
}

/**
 * A string that is equal for two values exactly when `compareBson` says they
 * are equal: numbers normalised across Int32/Double/Long/Decimal128, documents
 * field-order sensitive. Keys of the hash indexes and of `distinct`.
 */
export function canonicalKey(value: unknown): string {
  switch (typeFamily(value)) {
    case 'null':
      return 'N';
    case 'minKey':
      return 'm';
    case 'maxKey':
      return 'M';
    case 'number':
      return `#${numberKey(numericValue(value as number))}`;
    case 'string':
      return `S${String(value)}`;
    case 'bool':
      return value ? 'T' : 'F';
    case 'date':
      return `D${(value as Date).getTime()}`;
    case 'objectId':
      return `I${(value as ObjectId).toHexString()}`;
    case 'binData': {
      const binary = value as Binary;
      return `B${binary.sub_type}:${Buffer.from(binary.value()).toString('base64')}`;
    }
    case 'timestamp': {
      const ts = value as Timestamp;
      return `Z${ts.t}:${ts.i}`;
    }
    case 'regex': {
      const regex = value as { source: string; flags?: string; options?: string };
      return `R${JSON.stringify([regex.source, regex.flags ?? regex.options ?? ''])}`;
    }
    case 'code':
      return `C${String((value as { code: string }).code)}`;
    case 'array':
      return `A[${(value as unknown[]).map(canonicalKey).join(',')}]`;
    case 'object': {
      const doc = isPlainObject(value) ? value : (value as { toJSON(): object }).toJSON();
      const fields = Object.entries(doc).map(([k, v]) => `${JSON.stringify(k)}:${canonicalKey(v)}`);
      return `O{${fields.join(',')}}`;
    }
  }
}
