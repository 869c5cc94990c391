import type { Document } from 'bson';
import { toCommandError } from '../errors';
import { WaitForTransaction } from '../transactions/transaction-view';
import { type CommandCall, flag } from './command';

/**
 * Runs the statements of a write command (insert/update/delete) one by one.
 * A failing statement becomes a `writeErrors` entry; an ordered batch stops
 * there, an unordered one goes on. Statements already applied stay applied,
 * as in mongod. Inside a transaction a failing statement fails the whole
 * command instead (mongod aborts the transaction), and a statement blocked by
 * a transaction stops the command so that it can be run again.
 */
export function runWriteBatch<T>(
  call: CommandCall,
  statements: readonly T[],
  run: (statement: T, index: number) => void,
): Document {
  const ordered = call.body.ordered === undefined || flag(call.body.ordered);
  const writeErrors: Document[] = [];
  for (let index = 0; index < statements.length; index++) {
    try {
      run(statements[index], index);
    } catch (error) {
      if (call.inTransaction || error instanceof WaitForTransaction) throw error;
      writeErrors.push(toCommandError(error).toWriteError(index));
      if (ordered) break;
    }
  }
  return writeErrors.length > 0 ? { writeErrors } : {};
}
