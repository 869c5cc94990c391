import { isPlainObject } from './bson-type';

const DIGITS = /^\d+$/;

/**
 * The value at a dotted path, without fanning out over arrays (a numeric
 * component indexes into an array). `undefined` when any step is missing.
 */
export function getPath(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current) && DIGITS.test(part)) current = current[Number(part)];
    else if (isPlainObject(current) && Object.hasOwn(current, part)) current = current[part];
    else return undefined;
  }
  return current;
}

function collect(value: unknown, parts: readonly string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    // A trailing array contributes its elements (an empty one contributes itself).
    if (Array.isArray(value) && value.length > 0) out.push(...value);
    else out.push(value);
    return;
  }
  const part = parts[i];
  if (Array.isArray(value)) {
    if (DIGITS.test(part) && Number(part) < value.length)
      collect(value[Number(part)], parts, i + 1, out);
    for (const element of value) if (isPlainObject(element)) collect(element, parts, i, out);
    return;
  }
  if (isPlainObject(value) && Object.hasOwn(value, part)) collect(value[part], parts, i + 1, out);
}

/**
 * Every value a dotted path reaches, fanning out over arrays the way MongoDB
 * builds multikey index keys and sort keys: `a.b` over `{ a: [{ b: 1 }, { b: [2, 3] }] }`
 * gives 1, 2, 3. An empty trailing array gives itself (`[]`). Empty when the
 * path reaches nothing (the field is missing).
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

/** Whether the value is an empty array, which sorts below null and indexes as itself. */
export function isEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
