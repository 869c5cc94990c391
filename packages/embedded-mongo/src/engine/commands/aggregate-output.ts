import { calculateObjectSize, type Document } from 'bson';
import { evalExpr } from 'mingo/core';
import type { CollectionAccess } from '../catalog/catalog-access';
import { withIdFirst } from '../catalog/document-rules';
import { CommandError, ErrorCode, missingField, wrongType } from '../errors';
import type { IndexDefinition } from '../indexes/index-spec';
import { compileFilter } from '../query/filter';
import { mingoCondition, mingoOptions } from '../query/mingo-context';
import { MAX_TRANSACTION_BYTES } from '../transactions/transaction';
import type { Change } from '../types';
import { applyUpdate } from '../update/apply-update';
import { parseUpdate, type UpdateSpec } from '../update/update-spec';
import { isPlainObject } from '../values/bson-type';
import { formatValue } from '../values/format';
import { viewNotWritable } from '../views/view-definition';
import type { CommandCall, CommandEnv } from './command';

/**
 * The aggregation stages that write their results to a collection instead
 * of returning them: `$out` and `$merge`. The pipeline before them runs
 * first (mingo, in memory); the writes then go through the catalog, so they
 * are checked like any insert or update and journaled with the command.
 */

interface Namespace {
  readonly db: string;
  readonly coll: string;
}

type WhenMatched = 'replace' | 'keepExisting' | 'merge' | 'fail' | UpdateSpec;
type WhenNotMatched = 'insert' | 'discard' | 'fail';

export type OutputStage =
  | { readonly name: '$out'; readonly into: Namespace }
  | {
      readonly name: '$merge';
      readonly into: Namespace;
      readonly on: readonly string[];
      readonly whenMatched: WhenMatched;
      readonly whenNotMatched: WhenNotMatched;
      /** Variables for a pipeline `whenMatched`, evaluated per result document. */
      readonly variables: Document;
    };

const OUTPUT_STAGE_NAMES = new Set(['$out', '$merge']);

/** Whether a stage name is `$out` or `$merge`. */
export function isOutputStageName(name: string): boolean {
  return OUTPUT_STAGE_NAMES.has(name);
}

/**
 * The output stage of a validated pipeline, if its last stage is one.
 * `$out` and `$merge` anywhere but last are Location40601, as in mongod;
 * inside a transaction they are OperationNotSupportedInTransaction.
 */
export function outputStage(
  call: CommandCall,
  stages: readonly Document[],
): OutputStage | undefined {
  stages.forEach((stage, index) => {
    const name = Object.keys(stage)[0];
    if (isOutputStageName(name) && index !== stages.length - 1) {
      throw new CommandError(
        ErrorCode.StageMustBeLast,
        `${name} can only be the final stage in the pipeline`,
      );
    }
  });
  const last = stages[stages.length - 1];
  const name = last ? Object.keys(last)[0] : undefined;
  if (name === undefined || !isOutputStageName(name)) return undefined;
  if (call.inTransaction) {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      `${name} cannot be used in a transaction`,
    );
  }
  return name === '$out' ? parseOut(call.db, last.$out) : parseMerge(call.db, last.$merge);
}

/** Whether an `aggregate` command's pipeline ends in `$merge` (checked properly when it runs). */
export function endsInMerge(body: Document): boolean {
  const pipeline: unknown = body.pipeline;
  const last: unknown = Array.isArray(pipeline) ? pipeline[pipeline.length - 1] : undefined;
  return isPlainObject(last) && '$merge' in last;
}

function namespaceOf(stage: string, field: string, value: unknown, db: string): Namespace {
  if (typeof value === 'string' && value !== '') return { db, coll: value };
  if (isPlainObject(value)) {
    const target = { db: value.db ?? db, coll: value.coll };
    if (typeof target.db !== 'string' || target.db === '') {
      throw wrongType(stage, `${field}.db`, 'string');
    }
    if (typeof target.coll !== 'string' || target.coll === '') {
      throw wrongType(stage, `${field}.coll`, 'string');
    }
    return target as Namespace;
  }
  throw new CommandError(
    ErrorCode.FailedToParse,
    `${stage} only supports a string or object argument, but found ${formatValue(value)}`,
  );
}

function parseOut(db: string, spec: unknown): OutputStage {
  return { name: '$out', into: namespaceOf('$out', '$out', spec, db) };
}

const MERGE_FIELDS = new Set(['into', 'on', 'let', 'whenMatched', 'whenNotMatched']);
const WHEN_MATCHED = new Set(['replace', 'keepExisting', 'merge', 'fail']);
const WHEN_NOT_MATCHED = new Set(['insert', 'discard', 'fail']);

function parseMerge(db: string, spec: unknown): OutputStage {
  const options: Document =
    typeof spec === 'string' ? { into: spec } : isPlainObject(spec) ? spec : {};
  if (!isPlainObject(spec) && typeof spec !== 'string') {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `$merge only supports a string or object argument, but found ${formatValue(spec)}`,
    );
  }
  const unknown = Object.keys(options).find((key) => !MERGE_FIELDS.has(key));
  if (unknown !== undefined) {
    throw new CommandError(
      ErrorCode.UnknownField,
      `BSON field '$merge.${unknown}' is an unknown field.`,
    );
  }
  if (options.into === undefined) throw missingField('$merge', 'into');
  const on: unknown = options.on ?? '_id';
  const fields = Array.isArray(on) ? on : [on];
  if (fields.length === 0 || fields.some((field) => typeof field !== 'string' || field === '')) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "$merge 'on' field must be a string or an array of strings",
    );
  }
  const whenMatched: unknown = options.whenMatched ?? 'merge';
  if (!Array.isArray(whenMatched) && !WHEN_MATCHED.has(whenMatched as string)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Enumeration value '${String(whenMatched)}' for field '$merge.whenMatched' is not a valid value.`,
    );
  }
  const whenNotMatched: unknown = options.whenNotMatched ?? 'insert';
  if (!WHEN_NOT_MATCHED.has(whenNotMatched as string)) {
    throw new CommandError(
      ErrorCode.BadValue,
      `Enumeration value '${String(whenNotMatched)}' for field '$merge.whenNotMatched' is not a valid value.`,
    );
  }
  const variables: unknown = options.let ?? { new: '$$ROOT' };
  if (!isPlainObject(variables)) throw wrongType('$merge', 'let', 'object');
  return {
    name: '$merge',
    into: namespaceOf('$merge', 'into', options.into, db),
    on: [...new Set(fields as string[])],
    whenMatched: Array.isArray(whenMatched)
      ? parseUpdate(whenMatched, false)
      : (whenMatched as WhenMatched),
    whenNotMatched: whenNotMatched as WhenNotMatched,
    variables,
  };
}

/** Writes the results of the pipeline as the output stage says, recording the changes. */
export function writeOutput(
  stage: OutputStage,
  results: readonly Document[],
  env: CommandEnv,
  changes: Change[],
): void {
  if (env.catalog.viewDefinition(stage.into.db, stage.into.coll)) {
    throw viewNotWritable(`${stage.into.db}.${stage.into.coll}`);
  }
  if (stage.name === '$out') writeOut(stage.into, results, env, changes);
  else merge(stage, results, env, changes);
}

/**
 * `$out`: the results replace the target all at once. They are loaded into
 * a new collection with the target's options and indexes first, so a
 * duplicate key fails the stage with the target untouched. The drop, the
 * creation and the documents are journaled as one record, so that after a
 * crash the old collection or the new one is on disk, never a part of the
 * new one — unless the results exceed what one record holds.
 */
function writeOut(
  into: Namespace,
  results: readonly Document[],
  env: CommandEnv,
  changes: Change[],
): void {
  const replacement: Change[] = [];
  let bytes = 0;
  env.catalog.replaceCollection(
    into.db,
    into.coll,
    (fresh) => {
      for (const doc of results) {
        fresh.insert(withIdFirst(doc), []);
        bytes += calculateObjectSize(doc);
      }
    },
    replacement,
  );
  if (bytes > MAX_TRANSACTION_BYTES) changes.push(...replacement);
  else changes.push({ op: 'commit', changes: replacement });
}

/** A unique, non-partial index on exactly the `on` fields: what lets `$merge` match by them. */
function supportingIndex(
  collection: CollectionAccess | undefined,
  on: readonly string[],
): IndexDefinition | undefined {
  return collection
    ?.indexes()
    .find(
      (index) =>
        index.unique &&
        index.partialFilterExpression === undefined &&
        index.fields.length === on.length &&
        on.every((field) => index.fields.includes(field)),
    );
}

/** The value of an `on` field in a result document (missing: undefined); arrays are refused. */
function onValue(doc: Document, field: string): unknown {
  let value: unknown = doc;
  for (const part of field.split('.')) {
    value = isPlainObject(value) ? value[part] : undefined;
    if (Array.isArray(value)) {
      throw new CommandError(
        ErrorCode.MergeOnFieldIsArray,
        `$merge write error: 'on' field '${field}' is an array`,
      );
    }
  }
  return value;
}

/**
 * `$merge`: each result is matched to a target document by its `on` fields
 * and then replaced, merged, kept, updated by the `whenMatched` pipeline,
 * inserted, discarded or refused, as the stage says. Writes happen one by
 * one: on a failure the earlier ones stay, as in mongod.
 */
function merge(
  stage: Extract<OutputStage, { name: '$merge' }>,
  results: readonly Document[],
  env: CommandEnv,
  changes: Change[],
): void {
  const { db, coll } = stage.into;
  const byId = stage.on.length === 1 && stage.on[0] === '_id';
  const index = byId ? undefined : supportingIndex(env.catalog.collection(db, coll), stage.on);
  if (!byId && !index) {
    throw new CommandError(
      ErrorCode.MergeOnFieldsNotUnique,
      'Cannot find index to verify that join fields will be unique',
    );
  }
  for (const result of results) {
    const doc = byId ? withIdFirst(result) : result;
    const collection = env.catalog.collection(db, coll);
    const existing = collection && findMatch(collection, doc, stage.on, index);
    if (!existing) {
      if (stage.whenNotMatched === 'fail') {
        throw new CommandError(
          ErrorCode.MergeStageNoMatchingDocument,
          '$merge could not find a matching document in the target collection for at least one document in the source collection',
        );
      }
      if (stage.whenNotMatched === 'insert') {
        env.catalog.collectionForWrite(db, coll, changes).insert(withIdFirst(doc), changes);
      }
      continue;
    }
    if (stage.whenMatched === 'fail') {
      // The insert meets the match in the `_id` or the `on` unique index:
      // DuplicateKey with keyPattern and keyValue, as mongod reports it.
      collection.insert(withIdFirst(doc), changes);
      continue;
    }
    const next = matchedVersion(stage.whenMatched, stage.variables, existing, doc);
    if (next) collection.replace(existing, next, changes);
  }
}

function findMatch(
  collection: CollectionAccess,
  doc: Document,
  on: readonly string[],
  index: IndexDefinition | undefined,
): Document | undefined {
  if (!index) return collection.getById(doc._id);
  const conditions: Document = {};
  for (const field of on) {
    const value = onValue(doc, field);
    if (index.sparse && (value === undefined || value === null)) {
      throw new CommandError(
        ErrorCode.MergeOnFieldMissing,
        `$merge write error: 'on' field '${field}' cannot be missing, null or undefined if supporting index is sparse`,
      );
    }
    conditions[field] = { $eq: value ?? null };
  }
  for (const match of collection.find(compileFilter(conditions))) return match;
  return undefined;
}

/** The new version of a matched target document, or undefined to keep it as it is. */
function matchedVersion(
  whenMatched: Exclude<WhenMatched, 'fail'>,
  letVariables: Document,
  existing: Document,
  doc: Document,
): Document | undefined {
  const replaceWith = (replacement: Document): Document =>
    applyUpdate(existing, { kind: 'replacement', doc: replacement }, { filter: {}, insert: false })
      .doc;
  switch (whenMatched) {
    case 'keepExisting':
      return undefined;
    case 'replace':
      return replaceWith(doc);
    case 'merge':
      return replaceWith({ ...existing, ...doc });
    default: {
      const options = mingoOptions();
      const variables: Document = {};
      for (const [name, expression] of Object.entries(letVariables)) {
        variables[name] = evalExpr(doc, mingoCondition(expression), options);
      }
      const { doc: updated, modified } = applyUpdate(existing, whenMatched, {
        filter: {},
        variables,
        insert: false,
      });
      return modified ? updated : undefined;
    }
  }
}
