import { IdentityError, type IdentityErrorKind, type PasswordRule } from './identity-provider';

const MESSAGES: Readonly<Record<IdentityErrorKind, string>> = {
  InvalidCredentials: 'Invalid credentials',
  UserNotFound: 'User not found',
  UserExists: 'A user with this email already exists',
  InvalidPassword: 'Password does not meet the password policy',
  CodeMismatch: 'Invalid verification code',
  ExpiredCode: 'Verification code has expired; request a new one',
  NotConfirmed: 'User is not confirmed',
  Disabled: 'User is disabled',
  PasswordResetRequired: 'Password reset required',
  TooManyRequests: 'Too many requests; try again later',
  InvalidParameter: 'Invalid input',
  Unknown: 'Identity provider error',
};

// Cognito's exception names whose meaning does not depend on the message.
const KIND_BY_EXCEPTION: Readonly<Record<string, IdentityErrorKind>> = {
  UserNotFoundException: 'UserNotFound',
  UsernameExistsException: 'UserExists',
  AliasExistsException: 'UserExists',
  CodeMismatchException: 'CodeMismatch',
  ExpiredCodeException: 'ExpiredCode',
  UserNotConfirmedException: 'NotConfirmed',
  PasswordResetRequiredException: 'PasswordResetRequired',
  TooManyRequestsException: 'TooManyRequests',
  TooManyFailedAttemptsException: 'TooManyRequests',
  LimitExceededException: 'TooManyRequests',
};

// Matched against Cognito's policy messages ("Password did not conform with policy: Password
// must have uppercase characters") and parameter validation ("Value at 'password' failed to
// satisfy constraint: Member must have length greater than or equal to 6").
const PASSWORD_RULES: ReadonlyArray<readonly [RegExp, PasswordRule, string]> = [
  [/not long enough|must have length/i, 'length', 'Password is too short'],
  [/lowercase/i, 'lowercase', 'Password must contain a lowercase letter'],
  [/uppercase/i, 'uppercase', 'Password must contain an uppercase letter'],
  [/numeric/i, 'number', 'Password must contain a number'],
  [/symbol/i, 'symbol', 'Password must contain a symbol'],
];

/**
 * Turns whatever the Cognito client threw into an {@link IdentityError}. Cognito's message is
 * read only to tell cases apart and is never copied into the result: validation messages can
 * quote request values.
 */
export function toIdentityError(error: unknown): IdentityError {
  if (error instanceof IdentityError) return error;
  const providerError = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : '';
  const kind = kindOf(providerError, message);
  if (kind === 'InvalidPassword') {
    const rule = PASSWORD_RULES.find(([pattern]) => pattern.test(message));
    return rule
      ? identityError('InvalidPassword', providerError, rule[2], rule[1])
      : identityError('InvalidPassword', providerError);
  }
  return identityError(kind, providerError);
}

/** An {@link IdentityError} of `kind` with its standard message. */
export function identityError(
  kind: IdentityErrorKind,
  providerError?: string,
  message = MESSAGES[kind],
  passwordRule?: PasswordRule,
): IdentityError {
  return new IdentityError(kind, message, { passwordRule, providerError });
}

function kindOf(exception: string, message: string): IdentityErrorKind {
  switch (exception) {
    case 'NotAuthorizedException':
      // One exception, three situations; Cognito's fixed wording is the only discriminator.
      if (/user is disabled/i.test(message)) return 'Disabled';
      if (/attempts exceeded/i.test(message)) return 'TooManyRequests';
      return 'InvalidCredentials';
    case 'InvalidPasswordException':
      return 'InvalidPassword';
    case 'InvalidParameterException':
      return /'(password|proposedPassword)'/i.test(message)
        ? 'InvalidPassword'
        : 'InvalidParameter';
    default:
      return KIND_BY_EXCEPTION[exception] ?? 'Unknown';
  }
}
