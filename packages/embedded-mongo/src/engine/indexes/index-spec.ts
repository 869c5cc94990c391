import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import { canonicalKey } from '../values/canonical-key';
import { formatDocument } from '../values/format';

/** An index as the catalog keeps it. */
export interface IndexDefinition {
  readonly name: string;
  /** The key pattern as given, e.g. `{ email: 1 }` or `{ org: 1, createdAt: -1 }`. */
  readonly key: Document;
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partialFilterExpression?: Document;
  readonly expireAfterSeconds?: number;
  /**
   * Whether every key is ascending/descending/hashed, so that the index is
   * built as an ordered index (hashed fields answer equality only). Text, geo
   * and wildcard indexes are kept in the catalog (listIndexes shows them) but
   * not used.
   */
  readonly ordered: boolean;
  /** What listIndexes returns: `{ v: 2, key, name, ...options }`. */
  readonly spec: Document;
}

export const ID_INDEX_NAME = '_id_';

/** Options mongod accepts in an index specification. */
const KNOWN_OPTIONS = new Set([
  'v',
  'key',
  'name',
  'ns',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'hidden',
  'collation',
  'weights',
  'default_language',
  'language_override',
  'textIndexVersion',
  '2dsphereIndexVersion',
  'bits',
  'min',
  'max',
  'wildcardProjection',
  'storageEngine',
  'clustered',
]);

/** Options that do not change what an index is, so they do not make two specs differ. */
const COSMETIC_OPTIONS = new Set(['v', 'name', 'ns', 'background', 'key']);

const KEY_PLUGINS = new Set(['hashed', 'text', '2dsphere', '2d', 'columnstore']);

function cannotCreate(message: string): CommandError {
  return new CommandError(ErrorCode.CannotCreateIndex, message);
}

function validateKey(key: unknown): Document {
  if (!isPlainObject(key)) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "The 'key' field is a required property of an index specification",
    );
  }
  const entries = Object.entries(key);
  if (entries.length === 0) throw cannotCreate('Index keys cannot be an empty object.');
  for (const [field, direction] of entries) {
    if (field === '') throw cannotCreate('Index keys cannot contain an empty field.');
    if (isNumeric(direction)) {
      const n = numericValue(direction);
      if (n === 0 || n === 0n || Number.isNaN(n)) {
        throw cannotCreate("Values in the index key pattern can't be 0.");
      }
    } else if (typeof direction !== 'string' || !KEY_PLUGINS.has(direction)) {
      throw cannotCreate(`Unknown index plugin '${String(direction)}'`);
    }
  }
  return key;
}

/**
 * Validates one entry of `createIndexes.indexes` and turns it into the
 * catalog's definition. Throws mongod's errors for malformed specs.
 */
export function parseIndexSpec(raw: unknown): IndexDefinition {
  if (!isPlainObject(raw)) {
    throw new CommandError(ErrorCode.TypeMismatch, 'Each index specification must be an object');
  }
  for (const option of Object.keys(raw)) {
    if (!KNOWN_OPTIONS.has(option)) {
      throw new CommandError(
        ErrorCode.InvalidIndexSpecificationOption,
        `The field '${option}' is not valid for an index specification. Specification: ${formatDocument(raw)}`,
      );
    }
  }
  const key = validateKey(raw.key);
  if (typeof raw.name !== 'string' || raw.name === '') {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "The 'name' field is a required property of an index specification",
    );
  }
  const name = raw.name;
  const fields = Object.keys(key);
  if (raw.partialFilterExpression !== undefined && !isPlainObject(raw.partialFilterExpression)) {
    throw cannotCreate('partialFilterExpression must be an object');
  }
  let expireAfterSeconds: number | undefined;
  if (raw.expireAfterSeconds !== undefined) {
    if (!isNumeric(raw.expireAfterSeconds) || Number(numericValue(raw.expireAfterSeconds)) < 0) {
      throw cannotCreate("TTL index 'expireAfterSeconds' option must be numeric and non-negative");
    }
    if (fields.length !== 1) {
      throw cannotCreate(
        'TTL indexes are single-field indexes, compound indexes do not support TTL.',
      );
    }
    expireAfterSeconds = Number(numericValue(raw.expireAfterSeconds));
  }
  const unique =
    raw.unique === true || (isNumeric(raw.unique) && Number(numericValue(raw.unique)) !== 0);
  const sparse =
    raw.sparse === true || (isNumeric(raw.sparse) && Number(numericValue(raw.sparse)) !== 0);
  if (name === ID_INDEX_NAME && (unique || sparse || raw.partialFilterExpression)) {
    throw new CommandError(
      ErrorCode.InvalidIndexSpecificationOption,
      `The field '${unique ? 'unique' : sparse ? 'sparse' : 'partialFilterExpression'}' is not valid for an _id index specification. Specification: ${formatDocument(raw)}`,
    );
  }

  const spec: Document = { v: 2, key, name };
  for (const [option, value] of Object.entries(raw)) {
    if (option === 'v' || option === 'key' || option === 'name' || option === 'ns') continue;
    if (option === 'unique') {
      if (unique) spec.unique = true;
    } else if (option === 'sparse') {
      if (sparse) spec.sparse = true;
    } else {
      spec[option] = value;
    }
  }
  return {
    name,
    key,
    fields,
    unique: unique || name === ID_INDEX_NAME,
    sparse,
    partialFilterExpression: raw.partialFilterExpression as Document | undefined,
    expireAfterSeconds,
    ordered: Object.values(key).every(
      (direction) => typeof direction !== 'string' || direction === 'hashed',
    ),
    spec,
  };
}

/** The `_id_` index every collection has. */
export const ID_INDEX: IndexDefinition = parseIndexSpec({ key: { _id: 1 }, name: ID_INDEX_NAME });

/** Whether two key patterns are the same (`1` and `1.0` alike). */
export function sameKey(a: Document, b: Document): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

function significantOptions(spec: Document): string {
  const options = Object.entries(spec)
    .filter(([option]) => !COSMETIC_OPTIONS.has(option))
    .sort(([x], [y]) => (x < y ? -1 : 1));
  return canonicalKey(Object.fromEntries(options));
}

/** Whether creating `requested` when `existing` is there is a no-op. */
export function sameIndex(existing: IndexDefinition, requested: IndexDefinition): boolean {
  return (
    existing.name === requested.name &&
    sameKey(existing.key, requested.key) &&
    significantOptions(existing.spec) === significantOptions(requested.spec)
  );
}

/**
 * The error mongod gives when `requested` clashes with `existing` (same name
 * or same key pattern but not the same index), or undefined when they are
 * unrelated.
 */
export function indexConflict(
  existing: IndexDefinition,
  requested: IndexDefinition,
): CommandError | undefined {
  if (existing.name === requested.name) {
    return new CommandError(
      ErrorCode.IndexKeySpecsConflict,
      'An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. ' +
        `Requested index: ${formatDocument(requested.spec)}, existing index: ${formatDocument(existing.spec)}`,
    );
  }
  if (sameKey(existing.key, requested.key)) {
    return new CommandError(
      ErrorCode.IndexOptionsConflict,
      `Index already exists with a different name: ${existing.name}`,
    );
  }
  return undefined;
}
