import type { Document } from 'bson';
import { CommandError, ErrorCode, missingField } from '../errors';
import { compileFilter } from '../query/filter';
import { evaluateVariables } from '../query/mingo-context';
import { isPlainObject } from '../values/bson-type';
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
} from './command';
import { readDocuments } from './find';
import { runWriteBatch } from './write-batch';

/** The `arrayFilters` of an update statement or findAndModify. */
export function arrayFiltersOf(value: unknown): Document[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'arrayFilters must be an array of objects');
  }
  return value;
}

interface StatementOutcome {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
}

/** One `updates` entry: `{ q, u, multi, upsert, arrayFilters, c }`. */
function runStatement(
  call: CommandCall,
  env: CommandEnv,
  name: string,
  statement: Document,
): StatementOutcome {
  if (statement.q === undefined) throw missingField('update.updates', 'q');
  if (statement.u === undefined) throw missingField('update.updates', 'u');
  const multi = flag(statement.multi);
  const spec = parseUpdate(statement.u, multi);
  // mongod 7.0 has no sort for updates (8.0 added it).
  if (statement.sort !== undefined) {
    throw new CommandError(
      ErrorCode.UnknownField,
      "BSON field 'update.updates.sort' is an unknown field.",
    );
  }
  const constants = isPlainObject(statement.c) ? evaluateVariables(statement.c) : {};
  const variables = { ...letVariables(call), ...constants };
  const filter = compileFilter(statement.q, variables);
  const arrayFilters = arrayFiltersOf(statement.arrayFilters);
  const collection = env.catalog.collection(call.db, name);
  // Matches are collected first so that updated documents are not visited again.
  const matches = [...readDocuments(collection, { filter, limit: multi ? 0 : 1 })];
  let modified = 0;
  for (const current of matches) {
    const result = applyUpdate(current, spec, {
      filter: filter.filter,
      arrayFilters,
      variables,
      insert: false,
    });
    if (!result.modified) continue;
    collection?.replace(current, result.doc, call.changes);
    modified++;
  }
  if (matches.length > 0 || !flag(statement.upsert)) return { matched: matches.length, modified };
  const doc = buildUpsertDocument(filter.filter, spec, { arrayFilters, variables });
  env.catalog.collectionForWrite(call.db, name, call.changes).insert(doc, call.changes);
  return { matched: 0, modified: 0, upsertedId: doc._id };
}

function update(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const statements = call.body.updates;
  if (!Array.isArray(statements)) throw missingField('update', 'updates');
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const result = runWriteBatch(call, statements, (statement, index) => {
    if (!isPlainObject(statement)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'update statements must be objects');
    }
    const outcome = runStatement(call, env, name, statement);
    n += outcome.matched;
    nModified += outcome.modified;
    if (outcome.upsertedId !== undefined) {
      n++;
      upserted.push({ index, _id: outcome.upsertedId });
    }
  });
  return { n, nModified, ...(upserted.length > 0 ? { upserted } : {}), ...result };
}

export const updateCommands: CommandTable = { update };
