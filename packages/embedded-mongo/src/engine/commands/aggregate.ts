import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter } from '../query/filter';
import { isPipelineStage, mingoCondition, mingoOptions } from '../query/mingo-context';
import { parseSort } from '../query/sort';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  flag,
  letVariables,
  optionalCount,
  optionalDocument,
  requiredArray,
} from './command';
import { explainEnvelope, explainRead, type Verbosity } from './explain-read';
import { readDocuments, type ReadPlan } from './find';

/** Stages that write to other collections: mingo would write into arrays, bypassing the catalog. */
const WRITING_STAGES = new Set(['$out', '$merge']);

export function validateStages(pipeline: unknown[]): Document[] {
  return pipeline.map((stage) => {
    const names = isPlainObject(stage) ? Object.keys(stage) : [];
    if (names.length !== 1) {
      throw new CommandError(
        ErrorCode.FailedToParse,
        'A pipeline stage specification object must contain exactly one field.',
      );
    }
    const [name] = names;
    if (WRITING_STAGES.has(name)) {
      throw new CommandError(
        ErrorCode.NotImplemented,
        `${name} is not supported by the embedded engine`,
      );
    }
    if (!isPipelineStage(name)) {
      throw new CommandError(
        ErrorCode.UnrecognizedPipelineStage,
        `Unrecognized pipeline stage name: '${name}'`,
      );
    }
    return stage as Document;
  });
}

function* copies(docs: Iterable<Document>): Generator<Document> {
  for (const doc of docs) yield cloneValue(doc);
}

/** A positive integer `$limit`, or undefined (then mingo validates the stage). */
function positiveLimit(value: unknown): number | undefined {
  if (!isNumeric(value)) return undefined;
  const n = Number(numericValue(value));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The read a pipeline starts with: a leading `$match` is answered like a
 * find's filter, and a `$sort` (with its `$limit`) right after it like a
 * find's sort, so an index can give the order and the limit stops the walk.
 */
export function pipelineSource(
  stages: readonly Document[],
  variables: Document | undefined,
): { read: ReadPlan; rest: Document[] } {
  let next = 0;
  const match: unknown = stages[0]?.$match;
  if (match !== undefined) next++;
  const read: { -readonly [K in keyof ReadPlan]: ReadPlan[K] } = {
    filter: compileFilter(match ?? {}, variables),
  };
  const sort: unknown = stages[next]?.$sort;
  if (isPlainObject(sort) && Object.keys(sort).length > 0) {
    read.sort = parseSort(sort);
    next++;
    const limit = positiveLimit(stages[next]?.$limit);
    if (limit !== undefined) {
      read.limit = limit;
      next++;
    }
  }
  return { read, rest: stages.slice(next) };
}

/**
 * `explain` of an aggregate: the read it starts with, planned like a find.
 * A pipeline that is nothing but that read is explained as a find; otherwise
 * the read is its first stage (`$cursor`), followed by the others, as mongod
 * shows a pipeline it could not push down entirely.
 */
export function explainAggregate(
  call: CommandCall,
  env: CommandEnv,
  stages: readonly Document[],
  verbosity: Verbosity,
): Document {
  const target: unknown = call.body[call.name];
  const name = typeof target === 'string' ? target : '$cmd.aggregate';
  const { read, rest } = pipelineSource(stages, letVariables(call));
  const explained = explainRead(
    `${call.db}.${name}`,
    typeof target === 'string' ? env.catalog.collection(call.db, target) : undefined,
    read,
    verbosity,
  );
  return rest.length === 0 ? { ...explained } : { stages: [{ $cursor: explained }, ...rest] };
}

/**
 * `aggregate`: mingo runs the pipeline over private copies of the
 * documents. A leading `$match` is answered like a find, so it can use an
 * index. `$lookup` & co. read the other collections of the same database.
 */
function aggregate(call: CommandCall, env: CommandEnv): Document {
  const target: unknown = call.body.aggregate;
  if (typeof target !== 'string' && !(isNumeric(target) && Number(target) === 1)) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      'Invalid {aggregate: ...} value: must be a collection name string or 1',
    );
  }
  const stages = validateStages(requiredArray(call, 'pipeline'));
  if (flag(call.body.explain)) {
    return {
      ...explainAggregate(call, env, stages, 'queryPlanner'),
      ...explainEnvelope(call.body, call.db),
    };
  }
  const cursorOptions = optionalDocument(call, 'cursor');
  if (!cursorOptions) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  const variables = letVariables(call);
  let input: Iterable<Document> = [];
  let rest = stages;
  if (typeof target === 'string') {
    const source = pipelineSource(stages, variables);
    rest = source.rest;
    input = readDocuments(env.catalog.collection(call.db, target), source.read);
  }
  const resolveCollection = (name: string): Document[] => {
    const collection = env.catalog.collection(call.db, name);
    return collection ? [...copies(collection.documents())] : [];
  };
  const results = new Aggregator(
    mingoCondition(rest),
    mingoOptions({ variables, collectionResolver: resolveCollection }),
  ).run(copies(input)) as Document[];
  const ns = typeof target === 'string' ? `${call.db}.${target}` : `${call.db}.$cmd.aggregate`;
  const cursor = env.cursors.open(ns, results.values(), {
    batchSize: optionalCount(call, 'batchSize', cursorOptions),
  });
  return { cursor };
}

export const aggregateCommands: CommandTable = { aggregate };
