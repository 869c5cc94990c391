import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPipelineStage } from '../query/mingo-context';
import { isNumeric, isPlainObject } from '../values/bson-type';
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
import { runPipeline } from './pipeline';

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
