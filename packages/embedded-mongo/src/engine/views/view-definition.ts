import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPipelineStage } from '../query/mingo-context';
import { isPlainObject } from '../values/bson-type';

/** A read-only view: the documents of `viewOn` (a collection or a view) through `pipeline`. */
export interface ViewDefinition {
  readonly viewOn: string;
  readonly pipeline: readonly Document[];
  /** The `create` options as given (`viewOn`, `pipeline`, `collation`): listed and journaled. */
  readonly options: Document;
}

/** mongod resolves at most this many views on views. */
export const MAX_VIEW_DEPTH = 20;

/** Stages a view's pipeline may not hold: a read must never write. */
const WRITING_STAGES = new Set(['$out', '$merge']);

/** Options `create` accepts together with `viewOn` (mongod refuses the rest for views). */
const VIEW_OPTIONS = new Set(['viewOn', 'pipeline', 'collation']);

/** Whether `create` options describe a view. */
export function isViewOptions(options: Document): boolean {
  return options.viewOn !== undefined;
}

/** The view `create` options describe, checked as mongod checks them. */
export function parseViewOptions(options: Document): ViewDefinition {
  const { viewOn, pipeline = [] } = options as { viewOn: unknown; pipeline?: unknown };
  if (typeof viewOn !== 'string') {
    throw new CommandError(ErrorCode.TypeMismatch, "'viewOn' option must be a string");
  }
  if (viewOn === '') {
    throw new CommandError(ErrorCode.BadValue, "'viewOn' option cannot be empty");
  }
  if (!Array.isArray(pipeline)) {
    throw new CommandError(ErrorCode.TypeMismatch, "'pipeline' option must be an array");
  }
  for (const stage of pipeline) {
    if (!isPlainObject(stage)) {
      throw new CommandError(ErrorCode.TypeMismatch, 'View pipeline must be an array of objects');
    }
    const name = Object.keys(stage)[0];
    if (WRITING_STAGES.has(name)) {
      throw new CommandError(
        ErrorCode.OptionNotSupportedOnView,
        `${name} cannot be used in a view definition`,
      );
    }
    // Checked at creation, as mongod parses the pipeline then, not at the first read.
    if (!isPipelineStage(name)) {
      throw new CommandError(
        ErrorCode.UnrecognizedPipelineStage,
        `Unrecognized pipeline stage name: '${name}'`,
      );
    }
  }
  const unsupported = Object.keys(options).find((key) => !VIEW_OPTIONS.has(key));
  if (unsupported !== undefined) {
    throw new CommandError(
      ErrorCode.InvalidOptions,
      `option '${unsupported}' is not supported when creating a view`,
    );
  }
  return { viewOn, pipeline: pipeline as Document[], options: { ...options, pipeline } };
}

/** The error every write to a view gets, as from mongod. */
export function viewNotWritable(namespace: string): CommandError {
  return new CommandError(
    ErrorCode.CommandNotSupportedOnView,
    `Namespace ${namespace} is a view, not a collection`,
  );
}
