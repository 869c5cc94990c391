import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '@weace/service-kit';
import { IdentityError } from './identity-provider';

/** Cognito does not say how long its own limits last; clients wait this long. */
const PROVIDER_RETRY_AFTER_SECONDS = 60;

/** The input fields an operation calls what the provider checks. Default: `password`, `code`. */
export interface FieldNames {
  readonly password?: string;
  readonly code?: string;
}

/**
 * How an identity failure reads to clients when the operation has nothing more
 * specific to say. The provider's message is never passed on (IdentityError's
 * are fixed texts): it could echo an email, a code or a password. Unknown
 * failures stay as they are, so the error formatter masks and logs them.
 */
export function clientError(error: unknown, fields: FieldNames = {}): unknown {
  if (!(error instanceof IdentityError)) return error;
  switch (error.kind) {
    case 'InvalidCredentials':
      return new UnauthenticatedError('Invalid credentials');
    case 'UserExists':
      return new ConflictError('An account with this email already exists', 'email');
    case 'InvalidPassword':
      // The message states the broken rule, e.g. "Password must contain a number".
      return new BadUserInputError(
        error.message,
        fields.password ?? 'password',
        error.details.passwordRule && { passwordRule: error.details.passwordRule },
      );
    case 'CodeMismatch':
    case 'ExpiredCode':
      return new BadUserInputError(error.message, fields.code ?? 'code');
    case 'UserNotFound':
      return new NotFoundError('Account');
    case 'NotConfirmed':
      return new ForbiddenError('Confirm the email address first, with the code sent to it');
    case 'Disabled':
      return new ForbiddenError('This account is disabled');
    case 'PasswordResetRequired':
      return new ForbiddenError('A password reset is required: use forgotPassword');
    case 'TooManyRequests':
      return new RateLimitedError(PROVIDER_RETRY_AFTER_SECONDS);
    case 'InvalidParameter':
      return new BadUserInputError('Invalid input');
    case 'Unknown':
      return error;
  }
}

/** For `.catch(...)`: rethrows an identity failure as {@link clientError} says. */
export function rethrowForClients(fields?: FieldNames): (error: unknown) => never {
  return (error) => {
    throw clientError(error, fields);
  };
}
