import type { Document } from 'bson';
import { withIdFirst } from '../catalog/document-rules';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import {
  type CommandCall,
  type CommandEnv,
  type CommandTable,
  collectionName,
  requiredArray,
} from './command';
import { runWriteBatch } from './write-batch';

function insert(call: CommandCall, env: CommandEnv): Document {
  const name = collectionName(call);
  const documents = requiredArray(call, 'documents');
  let n = 0;
  const result = runWriteBatch(call, documents, (raw) => {
    if (!isPlainObject(raw))
      throw new CommandError(ErrorCode.TypeMismatch, 'documents to insert must be objects');
    const collection = env.catalog.collectionForWrite(call.db, name, call.changes);
    collection.insert(withIdFirst(cloneValue(raw)), call.changes);
    n++;
  });
  return { n, ...result };
}

export const insertCommands: CommandTable = { insert };
