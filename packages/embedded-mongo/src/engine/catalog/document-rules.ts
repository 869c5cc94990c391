import { ObjectId, calculateObjectSize, type Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isPlainObject, typeFamily } from '../values/bson-type';

/** mongod's maxBsonObjectSize. */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/** The document with `_id` as its first field, generating an ObjectId when it has none (mongod does both). */
export function withIdFirst(doc: Document): Document {
  const { _id, ...rest } = doc;
  return { _id: _id === undefined ? new ObjectId() : _id, ...rest };
}

function assertValidId(id: unknown): void {
  const family = typeFamily(id);
  if (family === 'array' || family === 'regex') {
    throw new CommandError(
      ErrorCode.BadValue,
      `can't use a${family === 'array' ? 'n' : ''} ${family} for _id`,
    );
  }
  if (isPlainObject(id)) {
    const field = Object.keys(id).find((key) => key.startsWith('$'));
    if (field !== undefined) {
      throw new CommandError(
        ErrorCode.DollarPrefixedFieldName,
        `_id fields may not contain '$'-prefixed fields: ${field} is not valid for storage.`,
      );
    }
  }
}

/**
 * Checks what mongod checks before storing a document: a usable `_id` and
 * the 16 MiB limit. Since MongoDB 5.0 other field names may contain dots or
 * start with `$`.
 */
export function assertStorable(doc: Document): void {
  assertValidId(doc._id);
  const size = calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new CommandError(
      ErrorCode.BSONObjectTooLarge,
      `BSONObj size: ${size} (0x${size.toString(16).toUpperCase()}) is invalid. Size must be between 0 and ${MAX_BSON_OBJECT_SIZE}(16MB)`,
    );
  }
}
