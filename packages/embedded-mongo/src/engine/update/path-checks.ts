import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject, typeAlias } from '../values/bson-type';
import { formatValue } from '../values/format';
import { getPath } from '../values/paths';
import { isPositional } from './update-spec';

/*
 * mingo's update operators skip, without error, writes that mongod refuses:
 * creating a field inside a scalar, array operators on non-arrays, array
 * filters over a missing field. These checks run first and raise mongod's
 * errors instead.
 */

/** Operators that create their target field when it is missing. */
const CREATING = new Set([
  '$set',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$currentDate',
  '$bit',
]);
/** Operators whose target must be an array when present. */
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

const DIGITS = /^\d+$/;

const isContainer = (value: unknown): boolean => Array.isArray(value) || isPlainObject(value);

function notViable(field: string, parent: string, value: unknown): CommandError {
  return new CommandError(
    ErrorCode.PathNotViable,
    `Cannot create field '${field}' in element {${parent}: ${formatValue(value)}}`,
  );
}

/** A field can be created at `path` unless a scalar (or an array, by name) stands in the way. */
function assertCreatable(doc: Document, parts: readonly string[]): void {
  let current: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i];
    const next =
      Array.isArray(current) && DIGITS.test(part)
        ? current[Number(part)]
        : (current as Document)[part];
    if (next === undefined) return;
    const child = parts[i + 1];
    if (isPositional(child)) return;
    if (!isContainer(next) || (Array.isArray(next) && !DIGITS.test(child)))
      throw notViable(child, part, next);
    current = next;
  }
}

/** `a.$[x].b`: the array before the first `$[...]` must exist and be an array. */
function assertArrayPrefix(doc: Document, parts: readonly string[]): void {
  const index = parts.findIndex((part) => part.startsWith('$['));
  if (index <= 0) return;
  const prefix = parts.slice(0, index).join('.');
  const value = getPath(doc, prefix);
  if (value === undefined) {
    throw new CommandError(
      ErrorCode.BadValue,
      `The path '${prefix}' must exist in the document in order to apply array updates.`,
    );
  }
  if (!Array.isArray(value)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Cannot apply array updates to non-array element ${parts[index - 1]}: ${formatValue(value)}`,
    );
  }
}

/** Checks every written path of an operator update against the document, as mongod does. */
export function assertUpdatablePaths(
  doc: Document,
  operators: Readonly<Record<string, Document>>,
): void {
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, value] of Object.entries(fields)) {
      const parts = path.split('.');
      assertArrayPrefix(doc, parts);
      if (CREATING.has(operator)) assertCreatable(doc, parts);
      if (operator === '$rename' && typeof value === 'string')
        assertCreatable(doc, value.split('.'));
      if (ARRAY_OPERATORS.has(operator) && !parts.some(isPositional)) {
        const target = getPath(doc, path);
        if (target !== undefined && !Array.isArray(target)) {
          throw new CommandError(
            ErrorCode.BadValue,
            `The field '${path}' must be an array but is of type ${typeAlias(target)} in document {_id: ${formatValue(doc._id)}}`,
          );
        }
      }
    }
  }
}
