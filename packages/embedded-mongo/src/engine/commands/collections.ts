import { calculateObjectSize, type Document } from 'bson';
import type { CollectionAccess } from '../catalog/catalog-access';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter } from '../query/filter';
import { cloneValue } from '../values/clone';
import { isViewOptions, type ViewDefinition } from '../views/view-definition';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  flag,
  optionalCount,
  optionalDocument,
} from './command';

/** Arguments every command may carry that are not options of the command itself. */
const GENERIC_ARGUMENTS = new Set([
  'lsid',
  'txnNumber',
  'autocommit',
  'startTransaction',
  'writeConcern',
  'readConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);

/** The options of a `create` command: everything but its name and the generic arguments. */
function createOptions(call: CommandCall): Document {
  const options: Document = {};
  for (const [key, value] of Object.entries(call.body)) {
    if (key === call.name || key.startsWith('$') || GENERIC_ARGUMENTS.has(key)) continue;
    options[key] = value;
  }
  return options;
}

function create(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const options = createOptions(call);
  if (options.pipeline !== undefined && !isViewOptions(options)) {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      "'pipeline' requires 'viewOn' to also be specified",
    );
  }
  if (isViewOptions(options)) env.catalog.createView(call.db, name, options, call.changes);
  else env.catalog.createCollection(call.db, name, options, call.changes);
  return {};
}

/** Dropping a collection (or a view) that does not exist succeeds (mongod 7.0). */
function drop(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const dropped = env.catalog.dropCollection(call.db, name, call.changes);
  return dropped ? { nIndexesWas: dropped.indexes().length, ns: dropped.namespace } : {};
}

function collectionInfo(collection: CollectionAccess): Document {
  return {
    name: collection.name,
    type: 'collection',
    options: cloneValue(collection.options),
    info: { readOnly: false, uuid: collection.uuid },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  };
}

function viewInfo(name: string, view: ViewDefinition): Document {
  return { name, type: 'view', options: cloneValue(view.options), info: { readOnly: true } };
}

function listCollections(call: CommandCall, env: CommandEnv): Document {
  const nameOnly = flag(call.body.nameOnly);
  const filter = compileFilter(optionalDocument(call, 'filter') ?? {});
  const collections = env.catalog
    .collections(call.db)
    .map((collection) =>
      nameOnly ? { name: collection.name, type: 'collection' } : collectionInfo(collection),
    );
  const views = env.catalog
    .viewsOf(call.db)
    .map(([name, view]) => (nameOnly ? { name, type: 'view' } : viewInfo(name, view)));
  const infos = [...collections, ...views].filter(filter.test);
  const cursorOptions = optionalDocument(call, 'cursor') ?? {};
  const cursor = env.cursors.open(`${call.db}.$cmd.listCollections`, infos.values(), {
    batchSize: optionalCount(call, 'batchSize', cursorOptions),
  });
  return { cursor };
}

function listDatabases(call: CommandCall, env: CommandEnv): Document {
  if (call.db !== 'admin') {
    throw new CommandError(
      ErrorCode.Unauthorized,
      'listDatabases may only be run against the admin database.',
    );
  }
  const nameOnly = flag(call.body.nameOnly);
  const filter = compileFilter(optionalDocument(call, 'filter') ?? {});
  const databases = env.catalog
    .databaseNames()
    .map((name): Document => {
      if (nameOnly) return { name };
      const collections = env.catalog.collections(name);
      let sizeOnDisk = 0;
      for (const collection of collections) {
        for (const doc of collection.documents()) sizeOnDisk += calculateObjectSize(doc);
      }
      return { name, sizeOnDisk, empty: collections.every((c) => c.size === 0) };
    })
    .filter(filter.test);
  if (nameOnly) return { databases };
  const totalSize = databases.reduce((sum, db) => sum + (db.sizeOnDisk as number), 0);
  return { databases, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)) };
}

function dropDatabase(call: CommandCall, env: CommandEnv): Document {
  return env.catalog.dropDatabase(call.db, call.changes) ? { dropped: call.db } : {};
}

export const collectionCommands: CommandTable = {
  create,
  drop,
  listCollections,
  listDatabases,
  dropDatabase,
};
