import { BadUserInputError } from '@weace/service-kit';
import { Types } from 'mongoose';

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

/** Whether `id` can be a user id: the lower-case hex `User.id` returns. */
export function isUserId(id: string): boolean {
  return OBJECT_ID_HEX.test(id);
}

/** A user id from a client; BAD_USER_INPUT naming `field` when it cannot be one. */
export function parseUserId(id: string, field: string): Types.ObjectId {
  if (!isUserId(id)) throw new BadUserInputError(`${field} is not a user id`, field);
  return new Types.ObjectId(id);
}
