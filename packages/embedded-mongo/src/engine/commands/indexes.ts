import type { Document } from 'bson';
import type { CollectionAccess } from '../catalog/catalog-access';
import { CommandError, ErrorCode, missingField } from '../errors';
import {
  ID_INDEX,
  ID_INDEX_NAME,
  type IndexDefinition,
  indexConflict,
  parseIndexSpec,
  sameIndex,
  sameKey,
} from '../indexes/index-spec';
import { isPlainObject } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import { formatDocument } from '../values/format';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  optionalCount,
  optionalDocument,
  requiredArray,
} from './command';

function namespaceNotFound(call: CommandCall, name: string): CommandError {
  return new CommandError(ErrorCode.NamespaceNotFound, `ns does not exist: ${call.db}.${name}`);
}

/**
 * `createIndexes`: an index identical to an existing one is a no-op; a
 * clash of name or key pattern is mongod's IndexKeySpecsConflict (86) or
 * IndexOptionsConflict (85). The collection is created if missing.
 */
function createIndexes(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const requested = requiredArray(call, 'indexes').map(parseIndexSpec);
  if (requested.length === 0) {
    throw new CommandError(ErrorCode.BadValue, 'Must specify at least one index to create');
  }
  const existing = env.catalog.collection(call.db, name);
  const current = existing?.indexes() ?? [ID_INDEX];
  const toCreate: IndexDefinition[] = [];
  for (const definition of requested) {
    if ([...current, ...toCreate].some((index) => sameIndex(index, definition))) continue;
    for (const index of [...current, ...toCreate]) {
      const conflict = indexConflict(index, definition);
      if (conflict) throw conflict;
    }
    toCreate.push(definition);
  }
  const collection = existing ?? env.catalog.collectionForWrite(call.db, name, call.changes);
  collection.createIndexes(toCreate, call.changes);
  return {
    numIndexesBefore: current.length,
    numIndexesAfter: current.length + toCreate.length,
    createdCollectionAutomatically: existing === undefined,
    ...(toCreate.length === 0 ? { note: 'all indexes already exist' } : {}),
  };
}

function listIndexes(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const collection = env.catalog.collection(call.db, name);
  if (!collection) throw namespaceNotFound(call, name);
  const cursorOptions = optionalDocument(call, 'cursor') ?? {};
  const specs = collection.indexes().map((index) => cloneValue(index.spec));
  const cursor = env.cursors.open(`${call.db}.${name}`, specs.values(), {
    batchSize: optionalCount(call, 'batchSize', cursorOptions),
  });
  return { cursor };
}

/** The names `dropIndexes.index` designates: "*", a name, a key pattern or a list of names. */
function indexesToDrop(collection: CollectionAccess, target: unknown): string[] {
  const indexes = collection.indexes();
  if (target === '*') return indexes.map((index) => index.name).filter((n) => n !== ID_INDEX_NAME);
  const names: unknown[] = Array.isArray(target) ? target : [target];
  return names.map((entry) => {
    if (isPlainObject(entry)) {
      const match = indexes.find((index) => sameKey(index.key, entry));
      if (!match) {
        throw new CommandError(
          ErrorCode.IndexNotFound,
          `can't find index with key: ${formatDocument(entry)}`,
        );
      }
      return match.name;
    }
    if (typeof entry !== 'string') {
      throw new CommandError(
        ErrorCode.TypeMismatch,
        'index must be a string, an object or an array of strings',
      );
    }
    if (!indexes.some((index) => index.name === entry)) {
      throw new CommandError(ErrorCode.IndexNotFound, `index not found with name [${entry}]`);
    }
    return entry;
  });
}

function dropIndexes(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const collection = env.catalog.collection(call.db, name);
  if (!collection)
    throw new CommandError(ErrorCode.NamespaceNotFound, `ns not found ${call.db}.${name}`);
  if (call.body.index === undefined) throw missingField(call.name, 'index');
  const names = indexesToDrop(collection, call.body.index);
  if (names.includes(ID_INDEX_NAME))
    throw new CommandError(ErrorCode.InvalidOptions, 'cannot drop _id index');
  const nIndexesWas = collection.indexes().length;
  collection.dropIndexes(names, call.changes);
  return { nIndexesWas };
}

export const indexCommands: CommandTable = {
  createIndexes,
  listIndexes,
  dropIndexes,
  // The pre-4.2 alias some tools still send.
  deleteIndexes: dropIndexes,
};
