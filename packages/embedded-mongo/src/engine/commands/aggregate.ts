import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter } from '../query/filter';
import { isPipelineStage, mingoCondition, mingoOptions } from '../query/mingo-context';
import { isNumeric, isPlainObject } from '../values/bson-type';
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
import { readDocuments } from './find';

/** Stages that write to other collections: mingo would write into arrays, bypassing the catalog. */
const WRITING_STAGES = new Set(['$out', '$merge']);

function validateStages(pipeline: unknown[]): Document[] {
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
    throw new CommandError(
      ErrorCode.NotImplemented,
      'explain is not supported by the embedded engine',
    );
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
    const leadingMatch = stages[0]?.$match as unknown;
    const filter = compileFilter(leadingMatch ?? {}, variables);
    if (leadingMatch !== undefined) rest = stages.slice(1);
    input = readDocuments(env.catalog.collection(call.db, target), { filter });
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
