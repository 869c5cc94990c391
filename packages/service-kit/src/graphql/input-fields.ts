import { IsDefined, Matches, ValidateIf } from 'class-validator';

/**
 * A BCP-47 language tag as browsers send it: language, optional script,
 * optional region (`en`, `en-GB`, `zh-Hant-TW`, `es-419`).
 */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/;

export function IsLanguageTag(): PropertyDecorator {
  return Matches(LANGUAGE_TAG, {
    message: '$property must be a BCP-47 language tag such as en-GB',
  });
}

/**
 * For input fields a client may leave out but may not clear: left out, the
 * stored value stays; `null` is refused. GraphQL cannot say "optional but not
 * null", and class-validator's `@IsOptional()` would let `null` through.
 */
export function OmittableNotNull(): PropertyDecorator {
  return (target, property) => {
    ValidateIf((_object, value) => value !== undefined)(target, property);
    IsDefined({ message: '$property cannot be null' })(target, property);
  };
}

/**
 * The fields a client actually sent (`null` included), for a `$set` that
 * leaves the others as they are.
 */
export function givenFields<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
