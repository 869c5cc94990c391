import { Matches } from 'class-validator';

/** Text that is not only spaces. */
export const NOT_BLANK = /\S/;
export const notBlank = { message: '$property must not be blank' };

/** A 24-hex-character id of ours or of another subgraph's (`User.id`, `Event.id` may differ). */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

export function IsObjectId(each = false): PropertyDecorator {
  return Matches(OBJECT_ID, { each, message: '$property must hold 24-hex-character ids' });
}
