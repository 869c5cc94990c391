import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter } from '../query/filter';
import { compileProjection } from '../query/projection';
import { parseSort } from '../query/sort';
import { applyUpdate } from '../update/apply-update';
import { parseUpdate } from '../update/update-spec';
import { buildUpsertDocument } from '../update/upsert';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  flag,
  letVariables,
  optionalDocument,
} from './command';
import { readDocuments } from './find';
import { arrayFiltersOf } from './update';

function invalid(message: string): CommandError {
  return new CommandError(ErrorCode.FailedToParse, message);
}

/**
 * `findAndModify`: updates or removes the first document matching `query`
 * in `sort` order and returns it (`new`: after the update), atomically.
 */
function findAndModify(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const remove = flag(call.body.remove);
  const upsert = flag(call.body.upsert);
  const returnNew = flag(call.body.new);
  const update: unknown = call.body.update;
  if (remove && update !== undefined)
    throw invalid('Cannot specify both an update and remove=true');
  if (!remove && update === undefined)
    throw invalid('Either an update or remove=true must be specified');
  if (remove && upsert) throw invalid('Cannot specify both upsert=true and remove=true');
  if (remove && returnNew) {
    throw invalid(
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  }
  const variables = letVariables(call);
  const filter = compileFilter(optionalDocument(call, 'query') ?? {}, variables);
  const sortSpec = optionalDocument(call, 'sort');
  const output = compileProjection(optionalDocument(call, 'fields'), filter.filter, variables);
  const collection = env.catalog.collection(call.db, name);
  const [current] = readDocuments(collection, {
    filter,
    sort: sortSpec && Object.keys(sortSpec).length > 0 ? parseSort(sortSpec) : undefined,
    limit: 1,
  });

  if (remove) {
    if (!current || !collection) return { lastErrorObject: { n: 0 }, value: null };
    collection.remove(current, call.changes);
    return { lastErrorObject: { n: 1 }, value: output(current) };
  }

  const spec = parseUpdate(update, false);
  const arrayFilters = arrayFiltersOf(call.body.arrayFilters);
  if (current && collection) {
    const result = applyUpdate(current, spec, {
      filter: filter.filter,
      arrayFilters,
      variables,
      insert: false,
    });
    if (result.modified) collection.replace(current, result.doc, call.changes);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: output(returnNew ? result.doc : current),
    };
  }
  if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
  const doc = buildUpsertDocument(filter.filter, spec, { arrayFilters, variables });
  env.catalog.collectionForWrite(call.db, name, call.changes).insert(doc, call.changes);
  return {
    lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
    value: returnNew ? output(doc) : null,
  };
}

export const findAndModifyCommands: CommandTable = {
  findAndModify,
  // mongod also accepts the all-lowercase spelling.
  findandmodify: findAndModify,
};
