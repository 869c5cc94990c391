import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { updateOne } from 'mingo/updater';
import { CommandError, ErrorCode } from '../errors';
import { mingoCondition, mingoOptions } from '../query/mingo-context';
import { isPlainObject } from '../values/bson-type';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
import { bsonEquals } from '../values/compare';
import { formatDocument, formatValue } from '../values/format';
import { resolveNumericOperators } from './numeric-operators';
import { assertUpdatablePaths } from './path-checks';
import { type UpdateSpec, immutableIdPath, writtenPaths } from './update-spec';

/** What an update needs besides the document. */
export interface UpdateContext {
  /** The statement's query, which the positional `$` operator refers to. */
  readonly filter: Document;
  readonly arrayFilters?: readonly Document[];
  /** `let` variables for pipeline updates. */
  readonly variables?: Document;
  /** Applying to an upsert's new document: `$setOnInsert` applies and `_id` may be set. */
  readonly insert: boolean;
}

export interface UpdateResult {
  readonly doc: Document;
  readonly modified: boolean;
}

/** A whole new document (replacement, pipeline) came out with another `_id`. */
function alteredId(id: unknown): CommandError {
  return new CommandError(
    ErrorCode.ImmutableField,
    `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(id)}`,
  );
}

const FILTER_IDENTIFIER = /^\$\[([^\]]+)\]$/;

/** Every `$[id]` must have an array filter and every array filter must be used, as mongod checks. */
function assertArrayFilters(
  paths: readonly string[],
  arrayFilters: readonly Document[],
  update: Document,
): void {
  const declared = new Set<string>();
  for (const filter of arrayFilters) {
    if (!isPlainObject(filter)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'arrayFilters entries must be objects');
    }
    for (const key of Object.keys(filter)) declared.add(key.split('.')[0]);
  }
  const used = new Set<string>();
  for (const path of paths) {
    for (const part of path.split('.')) {
      const identifier = FILTER_IDENTIFIER.exec(part)?.[1];
      if (identifier === undefined) continue;
      if (!declared.has(identifier)) {
        throw new CommandError(
          ErrorCode.BadValue,
          `No array filter found for identifier '${identifier}' in path '${path}'`,
        );
      }
      used.add(identifier);
    }
  }
  for (const identifier of declared) {
    if (!used.has(identifier)) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        `The array filter for identifier '${identifier}' was not used in the update ${formatDocument(update)}`,
      );
    }
  }
}

function applyReplacement(current: Document, replacement: Document, insert: boolean): UpdateResult {
  // A replacement's top-level `$` fields would read as update operators: mongod refuses them.
  const dollar = Object.keys(replacement).find((key) => key.startsWith('$'));
  if (dollar !== undefined) {
    throw new CommandError(
      ErrorCode.DollarPrefixedFieldName,
      `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not valid for storage.`,
    );
  }
  const { _id, ...fields } = cloneValue(replacement);
  if (_id !== undefined && !insert && !bsonEquals(_id, current._id)) throw alteredId(_id);
  const id: unknown = insert && _id !== undefined ? _id : current._id;
  const doc = id === undefined ? fields : { _id: id, ...fields };
  return { doc, modified: canonicalKey(doc) !== canonicalKey(current) };
}

function applyOperators(
  current: Document,
  operators: Readonly<Record<string, Document>>,
  context: UpdateContext,
): UpdateResult {
  const work = cloneValue(current);
  const { $setOnInsert, ...rest } = operators;
  const effective: Record<string, Document> = { ...rest };
  if (context.insert && $setOnInsert) effective.$set = { ...effective.$set, ...$setOnInsert };
  if (effective.$set && '_id' in effective.$set) {
    const { _id, ...set } = effective.$set;
    if (context.insert) work._id = cloneValue(_id);
    else if (!bsonEquals(_id, current._id)) throw immutableIdPath();
    effective.$set = set;
  }
  const resolved = resolveNumericOperators(work, effective);
  for (const [operator, fields] of Object.entries(resolved)) {
    if (Object.keys(fields).length === 0) delete resolved[operator];
  }
  const paths = writtenPaths(resolved);
  assertArrayFilters(paths, context.arrayFilters ?? [], operators);
  assertUpdatablePaths(work, resolved);
  if (paths.length === 0) return { doc: work, modified: false };
  // Only the positional `$` needs the query; without it mingo need not re-test the filter.
  const positional = paths.some((path) => path.split('.').includes('$'));
  // $pull's operand is a query condition too.
  if (resolved.$pull) resolved.$pull = mingoCondition(resolved.$pull);
  const result = updateOne(
    [work],
    positional && !context.insert ? mingoCondition(context.filter) : {},
    resolved,
    { arrayFilters: context.arrayFilters?.map(mingoCondition), cloneMode: 'deep' },
    mingoOptions(),
  );
  return { doc: work, modified: result.modifiedCount > 0 || context.insert };
}

function applyPipeline(
  current: Document,
  stages: readonly Document[],
  context: UpdateContext,
): UpdateResult {
  if (context.arrayFilters?.length) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'arrayFilters may not be specified for pipeline-style updates',
    );
  }
  // The stages are aggregation stages: mingo's Aggregator runs them directly
  // (its updateOne trips over fields named with '$' or '.').
  const [result] = new Aggregator(
    stages.map(cloneValue),
    mingoOptions({ variables: context.variables }),
  ).run([cloneValue(current)]) as Document[];
  const { _id, ...fields } = result;
  if (_id !== undefined && !context.insert && !bsonEquals(_id, current._id)) throw alteredId(_id);
  // A stage that drops `_id` ($replaceRoot, $project) keeps the document's own.
  const id: unknown = _id === undefined ? current._id : _id;
  const doc = id === undefined ? fields : { _id: id, ...fields };
  return { doc, modified: canonicalKey(doc) !== canonicalKey(current) };
}

/**
 * Applies an update to a copy of `current` (which is never mutated), with
 * mingo doing the operator and pipeline semantics. The result keeps `_id`
 * first; changing `_id` is ImmutableField.
 */
export function applyUpdate(
  current: Document,
  spec: UpdateSpec,
  context: UpdateContext,
): UpdateResult {
  switch (spec.kind) {
    case 'replacement':
      return applyReplacement(current, spec.doc, context.insert);
    case 'operators':
      return applyOperators(current, spec.operators, context);
    case 'pipeline':
      return applyPipeline(current, spec.stages, context);
  }
}
