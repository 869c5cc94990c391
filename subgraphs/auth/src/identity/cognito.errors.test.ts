import { describe, expect, it } from '@jest/globals';
import {
  CodeDeliveryFailureException,
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  TooManyFailedAttemptsException,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { toIdentityError } from './cognito.errors';
import { IdentityError } from './identity-provider';

// Cognito answers that cognito-local never gives, built as the SDK would raise them.
const metadata = { $metadata: {} };

describe('toIdentityError', () => {
  it.each([
    [
      'TooManyRequestsException',
      new TooManyRequestsException({ message: 'Rate exceeded', ...metadata }),
    ],
    [
      'LimitExceededException',
      new LimitExceededException({
        message: 'Attempt limit exceeded, please try after some time.',
        ...metadata,
      }),
    ],
    [
      'TooManyFailedAttemptsException',
      new TooManyFailedAttemptsException({ message: 'Too many failed attempts.', ...metadata }),
    ],
    [
      'NotAuthorizedException',
      new NotAuthorizedException({ message: 'Password attempts exceeded', ...metadata }),
    ],
  ])('reads throttling from %s [TooManyRequests]', (providerError, error) => {
    expect(toIdentityError(error)).toMatchObject({
      kind: 'TooManyRequests',
      details: { providerError },
    });
  });

  it('reads an admin-forced reset [PasswordResetRequired]', () => {
    const error = new PasswordResetRequiredException({
      message: 'Password reset required for the user',
      ...metadata,
    });
    expect(toIdentityError(error).kind).toBe('PasswordResetRequired');
  });

  it('reads a too short password caught by parameter validation [InvalidPassword length]', () => {
    const error = new InvalidParameterException({
      message:
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6",
      ...metadata,
    });
    expect(toIdentityError(error)).toMatchObject({
      kind: 'InvalidPassword',
      message: 'Password is too short',
      details: { passwordRule: 'length' },
    });
  });

  it('never copies the provider’s message, which may quote the request [InvalidParameter]', () => {
    const error = new InvalidParameterException({
      message: "Value 'not-an-email@' at 'username' failed to satisfy constraint",
      ...metadata,
    });
    const mapped = toIdentityError(error);
    expect(mapped).toMatchObject({ kind: 'InvalidParameter', message: 'Invalid input' });
    expect(mapped.message).not.toContain('not-an-email@');
  });

  it('maps unlisted exceptions and non-errors to Unknown [Unknown]', () => {
    const delivery = new CodeDeliveryFailureException({ message: 'x', ...metadata });
    expect(toIdentityError(delivery)).toMatchObject({
      kind: 'Unknown',
      details: { providerError: 'CodeDeliveryFailureException' },
    });
    expect(toIdentityError(new TypeError('fetch failed')).kind).toBe('Unknown');
    expect(toIdentityError('boom').kind).toBe('Unknown');
  });

  it('passes an IdentityError through unchanged', () => {
    const error = new IdentityError('Disabled', 'User is disabled');
    expect(toIdentityError(error)).toBe(error);
  });
});
