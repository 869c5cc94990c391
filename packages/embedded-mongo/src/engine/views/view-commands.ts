import type { Document } from 'bson';
import {
  type CommandCall,
  type CommandEnv,
  type CommandHandler,
  type CommandTable,
  collectionName,
  flag,
  letVariables,
  optionalCount,
  optionalDocument,
  optionalInteger,
} from '../commands/command';
import { distinctKey, distinctValues } from '../commands/count';
import { runPipeline } from '../commands/pipeline';
import { CommandError, ErrorCode } from '../errors';
import { viewNotWritable } from './view-definition';

/*
 * Views are resolved in front of the commands, as mongod's command layer
 * does: a read that names a view becomes an aggregation over the view's
 * pipeline (find's filter, sort, skip, limit and projection appended as
 * stages); a write or an index command on a view is refused. The commands
 * themselves only ever see collections.
 */

const nonEmpty = (doc: Document | undefined): doc is Document =>
  doc !== undefined && Object.keys(doc).length > 0;

function findOnView(call: CommandCall, env: CommandEnv, view: string): Document {
  const filter = optionalDocument(call, 'filter');
  const sort = optionalDocument(call, 'sort');
  const projection = optionalDocument(call, 'projection');
  const skip = optionalCount(call, 'skip');
  const limit = optionalInteger(call, 'limit') ?? 0;
  const stages: Document[] = [];
  if (nonEmpty(filter)) stages.push({ $match: filter });
  if (nonEmpty(sort)) stages.push({ $sort: sort });
  if (skip) stages.push({ $skip: skip });
  if (limit) stages.push({ $limit: Math.abs(limit) });
  if (nonEmpty(projection)) stages.push({ $project: projection });
  const docs = runPipeline(env, {
    db: call.db,
    source: view,
    stages,
    variables: letVariables(call),
  });
  const cursor = env.cursors.open(`${call.db}.${view}`, docs.values(), {
    // A negative limit is the legacy "single batch of |limit|".
    batchSize: limit < 0 ? -limit : optionalCount(call, 'batchSize'),
    singleBatch: limit < 0 || flag(call.body.singleBatch),
    noTimeout: flag(call.body.noCursorTimeout),
  });
  return { cursor };
}

/** `count` on a view counts what the view's pipeline yields (mongod runs it, even without a query). */
function countOnView(call: CommandCall, env: CommandEnv, view: string): Document {
  const query = optionalDocument(call, 'query');
  const skip = optionalCount(call, 'skip');
  const limit = Math.abs(optionalInteger(call, 'limit') ?? 0);
  const stages: Document[] = [];
  if (nonEmpty(query)) stages.push({ $match: query });
  if (skip) stages.push({ $skip: skip });
  if (limit) stages.push({ $limit: limit });
  stages.push({ $count: 'n' });
  const [counted] = runPipeline(env, { db: call.db, source: view, stages });
  return { n: (counted?.n as number | undefined) ?? 0 };
}

function distinctOnView(call: CommandCall, env: CommandEnv, view: string): Document {
  const key = distinctKey(call);
  const query = optionalDocument(call, 'query');
  const stages = nonEmpty(query) ? [{ $match: query }] : [];
  return { values: distinctValues(runPipeline(env, { db: call.db, source: view, stages }), key) };
}

type ViewHandler = (call: CommandCall, env: CommandEnv, view: string) => Document;

const READS: Readonly<Record<string, ViewHandler>> = {
  find: findOnView,
  count: countOnView,
  distinct: distinctOnView,
};

/** Commands that write to or index their namespace: refused on a view. */
const REFUSED_ON_VIEWS = [
  'insert',
  'update',
  'delete',
  'findAndModify',
  'dropIndexes',
  'listIndexes',
];

const refuse: ViewHandler = (call, _env, view) => {
  throw viewNotWritable(`${call.db}.${view}`);
};

const refuseIndexes: ViewHandler = () => {
  throw new CommandError(ErrorCode.CommandNotSupportedOnView, 'Cannot create indexes on a view');
};

/** The command table with views resolved in front of the commands that name a namespace. */
export function withViews(commands: CommandTable): CommandTable {
  const table: Record<string, CommandHandler> = { ...commands };
  const onView = {
    ...READS,
    ...Object.fromEntries(REFUSED_ON_VIEWS.map((name) => [name, refuse])),
    createIndexes: refuseIndexes,
  };
  for (const [name, viewHandler] of Object.entries(onView)) {
    const handler = commands[name];
    table[name] = (call, env) => {
      const target = collectionName(call);
      return env.catalog.viewDefinition(call.db, target)
        ? viewHandler(call, env, target)
        : handler(call, env);
    };
  }
  return table;
}
