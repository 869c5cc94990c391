import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject, typeAlias } from '../values/bson-type';
import { formatValue } from '../values/format';

/** The three kinds of update MongoDB accepts. */
export type UpdateSpec =
  | { readonly kind: 'replacement'; readonly doc: Document }
  | { readonly kind: 'operators'; readonly operators: Readonly<Record<string, Document>> }
  | { readonly kind: 'pipeline'; readonly stages: readonly Document[] };

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$pull',
  '$pullAll',
  '$addToSet',
  '$pop',
  '$rename',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);

/** Stages mongod allows in a pipeline-style update. */
const PIPELINE_UPDATE_STAGES = new Set([
  '$addFields',
  '$set',
  '$project',
  '$unset',
  '$replaceRoot',
  '$replaceWith',
]);

/** Whether a path component is a positional operator (`$`, `$[]`, `$[id]`). */
export const isPositional = (part: string): boolean => part.startsWith('$');

function parsePipeline(stages: unknown[]): UpdateSpec {
  for (const stage of stages) {
    const names = isPlainObject(stage) ? Object.keys(stage) : [];
    if (names.length !== 1) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    if (!PIPELINE_UPDATE_STAGES.has(names[0])) {
      throw new CommandError(
        ErrorCode.InvalidOptions,
        `${names[0]} is not allowed to be used within an update`,
      );
    }
  }
  return { kind: 'pipeline', stages: stages as Document[] };
}

/** Every path the update writes, per operator (`$rename` writes its source and its target). */
export function writtenPaths(operators: Readonly<Record<string, Document>>): string[] {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, value] of Object.entries(fields)) {
      paths.push(path);
      if (operator === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  return paths;
}

/** Two written paths must not be equal or one the prefix of the other. */
function assertNoConflicts(paths: readonly string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const [previous, path] = [sorted[i - 1], sorted[i]];
    if (path === previous || path.startsWith(`${previous}.`)) {
      throw new CommandError(
        ErrorCode.ConflictingUpdateOperators,
        `Updating the path '${path}' would create a conflict at '${previous}'`,
      );
    }
  }
}

export function immutableIdPath(): CommandError {
  return new CommandError(
    ErrorCode.ImmutableField,
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/** `_id` and its sub-fields can only be "set" to their current value, which apply checks. */
function assertIdUntouched(operators: Readonly<Record<string, Document>>): void {
  for (const [operator, fields] of Object.entries(operators)) {
    const settable = operator === '$set' || operator === '$setOnInsert';
    for (const [path, value] of Object.entries(fields)) {
      const targets = operator === '$rename' ? [path, String(value)] : [path];
      for (const target of targets) {
        if (target === '_id' && settable) continue;
        if (target === '_id' || target.startsWith('_id.')) throw immutableIdPath();
      }
    }
  }
}

function parseOperators(update: Document): UpdateSpec {
  const operators: Record<string, Document> = {};
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${typeAlias(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(fields)}}`,
      );
    }
    for (const path of Object.keys(fields)) {
      if (path === '' || path.split('.').some((part) => part === '')) {
        throw new CommandError(ErrorCode.BadValue, `An empty update path is not valid.`);
      }
    }
    operators[operator] = fields;
  }
  assertNoConflicts(writtenPaths(operators));
  assertIdUntouched(operators);
  return { kind: 'operators', operators };
}

/**
 * Classifies and validates the `u` of an update (or `update` of
 * findAndModify): operator document, replacement document or pipeline.
 */
export function parseUpdate(update: unknown, multi: boolean): UpdateSpec {
  if (Array.isArray(update)) return parsePipeline(update);
  if (!isPlainObject(update)) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'Update argument must be either an object or an array',
    );
  }
  const keys = Object.keys(update);
  if (keys.length > 0 && keys[0].startsWith('$')) return parseOperators(update);
  if (multi) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'multi update is not supported for replacement-style update',
    );
  }
  return { kind: 'replacement', doc: update };
}
