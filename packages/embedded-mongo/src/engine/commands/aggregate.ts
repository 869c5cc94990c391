import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPipelineStage } from '../query/mingo-context';
import { isPlainObject, isNumeric } from '../values/bson-type';
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
import { isOutputStageName, outputStage, writeOutput } from './aggregate-output';
import { explainEnvelope, explainRead, type Verbosity } from './explain-read';
import { pipelineSource, runPipeline } from './pipeline';

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
    if (!isPipelineStage(name) && !isOutputStageName(name)) {
      throw new CommandError(
        ErrorCode.UnrecognizedPipelineStage,
        `Unrecognized pipeline stage name: '${name}'`,
      );
    }
    return stage as Document;
  });
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
  // A view is explained as what it runs: its pipeline over its collection.
  const resolved = typeof target === 'string' ? env.catalog.resolve(call.db, target) : undefined;
  const { read, rest } = pipelineSource(
    [...(resolved?.pipeline ?? []), ...stages],
    letVariables(call),
  );
  const explained = explainRead(
    `${call.db}.${name}`,
    resolved && env.catalog.collection(call.db, resolved.collection),
    read,
    verbosity,
  );
  return rest.length === 0 ? { ...explained } : { stages: [{ $cursor: explained }, ...rest] };
}

/**
 * `aggregate` over a collection, a view (resolved into its collection and
 * pipeline) or nothing (`aggregate: 1`). A pipeline ending in `$out` or
 * `$merge` writes its results and answers an empty cursor.
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
  const output = outputStage(call, stages);
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
  const results = runPipeline(env, {
    db: call.db,
    source: typeof target === 'string' ? target : undefined,
    stages: output ? stages.slice(0, -1) : stages,
    variables,
  });
  if (output) writeOutput(output, results, env, call.changes);
  const ns = typeof target === 'string' ? `${call.db}.${target}` : `${call.db}.$cmd.aggregate`;
  const cursor = env.cursors.open(ns, (output ? [] : results).values(), {
    batchSize: optionalCount(call, 'batchSize', cursorOptions),
  });
  return { cursor };
}

export const aggregateCommands: CommandTable = { aggregate };
