import { IsDefined, Matches, ValidateIf } from 'class-validator';

/** Text that is not only spaces. */
export const NOT_BLANK = /\S/;
export const notBlank = { message: '$property must not be blank' };

/** A 24-hex-character id of ours or of another subgraph's (`User.id`, `Event.id` may differ). */
export const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * For input fields a client may leave out but may not clear: left out, the
 * stored value stays; `null` is refused.
 */
export function OmittableNotNull(): PropertyDecorator {
  return (target, property) => {
    ValidateIf((_object, value) => value !== undefined)(target, property);
    IsDefined({ message: '$property cannot be null' })(target, property);
  };
}

export function IsObjectId(each = false): PropertyDecorator {
  return Matches(OBJECT_ID, { each, message: '$property must hold 24-hex-character ids' });
}

/** The fields a client actually sent (`null` included), for a `$set` that keeps the others. */
export function givenFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
