import { Types } from 'mongoose';
import { BadUserInputError } from '../errors/errors';

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

/** Whether `id` can be a document id as the API shows them: 24 lower-case hex digits. */
export function isObjectIdHex(id: string): boolean {
  return OBJECT_ID_HEX.test(id);
}

/**
 * A document id from a client; BAD_USER_INPUT naming `field` ("userId is not
 * a user id") when it cannot be one.
 */
export function parseObjectId(id: string, field: string, kind = 'valid id'): Types.ObjectId {
  if (!isObjectIdHex(id)) throw new BadUserInputError(`${field} is not a ${kind}`, field);
  return new Types.ObjectId(id);
}
