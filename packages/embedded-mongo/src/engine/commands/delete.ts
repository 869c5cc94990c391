import type { Document } from 'bson';
import { CommandError, ErrorCode, missingField } from '../errors';
import { compileFilter } from '../query/filter';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  letVariables,
  requiredArray,
} from './command';
import { readDocuments } from './find';
import { runWriteBatch } from './write-batch';

function deleteLimit(value: unknown): number {
  const limit = isNumeric(value) ? Number(numericValue(value)) : value;
  if (limit !== 0 && limit !== 1) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      `The limit field in delete objects must be 0 or 1. Got ${String(limit)}`,
    );
  }
  return limit;
}

/** `delete`: statements `{ q, limit }` where limit 1 removes the first match and 0 all of them. */
function remove(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const statements = requiredArray(call, 'deletes');
  const variables = letVariables(call);
  let n = 0;
  const result = runWriteBatch(call, statements, (statement) => {
    if (!isPlainObject(statement))
      throw new CommandError(ErrorCode.TypeMismatch, 'delete statements must be objects');
    if (statement.q === undefined) throw missingField('delete.deletes', 'q');
    const limit = deleteLimit(statement.limit);
    const collection = env.catalog.collection(call.db, name);
    const filter = compileFilter(statement.q, variables);
    for (const doc of [...readDocuments(collection, { filter, limit })]) {
      collection?.remove(doc, call.changes);
      n++;
    }
  });
  return { n, ...result };
}

export const deleteCommands: CommandTable = { delete: remove };
