import type { Document } from 'bson';
import { MingoError } from 'mingo/util';

/** MongoDB server error codes this engine returns, with mongod's code names. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  MaxTimeMSExpired: 50,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  GraphContainsCycle: 93,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NotImplemented: 238,
  ViewDepthLimitExceeded: 165,
  CommandNotSupportedOnView: 166,
  OptionNotSupportedOnView: 167,
  CannotIndexParallelArrays: 171,
  WriteConflict: 112,
  ConflictingOperationInProgress: 117,
  InvalidIndexSpecificationOption: 197,
  TransactionTooOld: 225,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  TransactionTooLarge: 334,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  /** `$merge` with `whenNotMatched: 'fail'` found no target document. */
  MergeStageNoMatchingDocument: 13113,
  /** "<stage> can only be the final stage in the pipeline". */
  StageMustBeLast: 40601,
  /** "$merge write error: 'on' field … cannot be missing, null or undefined if supporting index is sparse". */
  MergeOnFieldMissing: 51132,
  /** "Cannot find index to verify that join fields will be unique" (`$merge` `on`). */
  MergeOnFieldsNotUnique: 51183,
  /** "$merge write error: 'on' field … is an array". */
  MergeOnFieldIsArray: 51185,
  /** IDL "BSON field '<cmd>.<field>' is missing but a required field". */
  MissingRequiredField: 40414,
  /** IDL "BSON field '<cmd>.<field>' is an unknown field". */
  UnknownField: 40415,
  NotARetryableWriteCommand: 50768,
  /** "Unrecognized pipeline stage name". */
  UnrecognizedPipelineStage: 40324,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

const CODE_NAMES = new Map<number, string>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

/** Codes of 10000 and above that mongod names (the others come from bare assertion sites). */
const NAMED_HIGH_CODES = new Set<number>([
  ErrorCode.BSONObjectTooLarge,
  ErrorCode.DuplicateKey,
  ErrorCode.NotARetryableWriteCommand,
  ErrorCode.MergeStageNoMatchingDocument,
]);

/** mongod names errors raised by a bare assertion site `Location<code>`. */
function codeNameOf(code: number): string {
  return code >= 10000 && !NAMED_HIGH_CODES.has(code)
    ? `Location${code}`
    : (CODE_NAMES.get(code) ?? `Location${code}`);
}

/**
 * A MongoDB command error. Thrown anywhere in the command layer and turned
 * into `{ ok: 0, errmsg, code, codeName, ...details }` (or a write error entry)
 * at the command boundary.
 */
export class CommandError extends Error {
  readonly code: ErrorCodeValue;
  /** Extra reply fields, e.g. `keyPattern` / `keyValue` for duplicate keys. */
  readonly details: Document;

  constructor(code: ErrorCodeValue, message: string, details: Document = {}) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
    this.details = details;
  }

  get codeName(): string {
    return codeNameOf(this.code);
  }

  /** The error as a command reply. */
  toReply(): Document {
    return {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...this.details,
    };
  }

  /** The error as an entry of a write command's `writeErrors` (no codeName, as mongod 7 replies). */
  toWriteError(index: number): Document {
    return { index, code: this.code, errmsg: this.message, ...this.details };
  }
}

/**
 * Normalises anything thrown while running a command. mingo rejects invalid
 * queries, pipelines and updates with `MingoError`, and `new RegExp` rejects a
 * bad pattern with `SyntaxError`: those are the client's fault, so they become
 * BadValue like mongod's parse errors. Anything else is our bug: InternalError.
 */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof MingoError || error instanceof SyntaxError) {
    return new CommandError(ErrorCode.BadValue, error.message.replace(/^mingo: /, ''));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CommandError(ErrorCode.InternalError, message);
}

/** `BSON field '<command>.<field>' is missing but a required field`. */
export function missingField(command: string, field: string): CommandError {
  return new CommandError(
    ErrorCode.MissingRequiredField,
    `BSON field '${command}.${field}' is missing but a required field`,
  );
}

/** `BSON field '<command>.<field>' is the wrong type '<actual>', expected type '<expected>'`. */
export function wrongType(command: string, field: string, expected: string): CommandError {
  return new CommandError(
    ErrorCode.TypeMismatch,
    `BSON field '${command}.${field}' is the wrong type, expected type '${expected}'`,
  );
}
