import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter } from '../query/filter';
import { isPlainObject } from '../values/bson-type';
import { explainAggregate, validateStages } from './aggregate';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  optionalDocument,
  requiredArray,
} from './command';
import { countRead, distinctKey } from './count';
import { explainEnvelope, explainRead, verbosityOf, type Verbosity } from './explain-read';
import { findRead } from './find';

type Explainer = (call: CommandCall, env: CommandEnv, verbosity: Verbosity) => Document;

function readOf(call: CommandCall, env: CommandEnv) {
  const name = collectionName(call);
  return { ns: `${call.db}.${name}`, collection: env.catalog.collection(call.db, name) };
}

const EXPLAINERS: Readonly<Record<string, Explainer>> = {
  find(call, env, verbosity) {
    const { ns, collection } = readOf(call, env);
    const read = findRead(call);
    return explainRead(ns, collection, { ...read, limit: Math.abs(read.limit) }, verbosity);
  },
  count(call, env, verbosity) {
    const { ns, collection } = readOf(call, env);
    return explainRead(ns, collection, countRead(call), verbosity, (stage) => ({
      stage: 'COUNT',
      inputStage: stage,
    }));
  },
  distinct(call, env, verbosity) {
    const { ns, collection } = readOf(call, env);
    const key = distinctKey(call);
    const filter = compileFilter(optionalDocument(call, 'query') ?? {});
    return explainRead(ns, collection, { filter }, verbosity, (stage) => ({
      stage: 'PROJECTION_DEFAULT',
      transformBy: { [key]: 1 },
      inputStage: stage,
    }));
  },
  aggregate(call, env, verbosity) {
    return explainAggregate(call, env, validateStages(requiredArray(call, 'pipeline')), verbosity);
  },
};

/**
 * `explain`: how `find`, `aggregate`, `count` or `distinct` would run —
 * which index, which bounds, in which direction — and, past the
 * `queryPlanner` verbosity, what running it returned and examined.
 */
function explain(call: CommandCall, env: CommandEnv): Document {
  const inner: unknown = call.body.explain;
  if (!isPlainObject(inner)) {
    throw new CommandError(ErrorCode.FailedToParse, 'explain command requires a nested object');
  }
  const name = Object.keys(inner)[0] ?? '';
  const explainer = EXPLAINERS[name];
  if (!explainer) {
    throw new CommandError(
      ErrorCode.CommandNotFound,
      `Explain failed due to unknown command: ${name}`,
    );
  }
  const verbosity = verbosityOf(call.body.verbosity);
  const reply = explainer({ ...call, name, body: inner }, env, verbosity);
  return { ...reply, ...explainEnvelope(inner, call.db) };
}

export const explainCommands: CommandTable = { explain };
