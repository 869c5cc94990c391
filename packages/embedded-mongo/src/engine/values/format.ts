import type { Binary, ObjectId, Timestamp } from 'bson';
import { isPlainObject, typeFamily } from './bson-type';

/**
 * Renders a value the way mongod's BSONObj::toString does in error messages,
 * e.g. `{ email: "a@b.c" }` in "E11000 ... dup key: { email: "a@b.c" }".
 */
export function formatValue(value: unknown): string {
  switch (typeFamily(value)) {
    case 'null':
      return 'null';
    case 'minKey':
      return 'MinKey';
    case 'maxKey':
      return 'MaxKey';
    case 'number':
    case 'bool':
      return String(value);
    case 'string':
      return JSON.stringify(String(value));
    case 'date':
      return `new Date(${(value as Date).getTime()})`;
    case 'objectId':
      return `ObjectId('${(value as ObjectId).toHexString()}')`;
    case 'binData': {
      const binary = value as Binary;
      return `BinData(${binary.sub_type}, ${Buffer.from(binary.value()).toString('hex').toUpperCase()})`;
    }
    case 'timestamp': {
      const ts = value as Timestamp;
      return `Timestamp(${ts.t}, ${ts.i})`;
    }
    case 'regex': {
      const regex = value as { source: string; flags?: string; options?: string };
      return `/${regex.source}/${regex.flags ?? regex.options ?? ''}`;
    }
    case 'code':
      return String((value as { code: string }).code);
    case 'array': {
      const items = (value as unknown[]).map(formatValue);
      return items.length ? `[ ${items.join(', ')} ]` : '[]';
    }
    case 'object':
      return formatDocument(
        isPlainObject(value) ? value : (value as { toJSON(): Record<string, unknown> }).toJSON(),
      );
  }
}

/** `{ a: 1, b: "x" }`, or `{}`. */
export function formatDocument(doc: Record<string, unknown>): string {
  const fields = Object.entries(doc).map(([key, value]) => `${key}: ${formatValue(value)}`);
  return fields.length ? `{ ${fields.join(', ')} }` : '{}';
}
