import { IsEmail, Length, MaxLength } from 'class-validator';

/** An account's email, as people type it (the provider compares it case-insensitively). */
export function IsAccountEmail(): PropertyDecorator {
  return (target, property) => {
    IsEmail()(target, property);
    MaxLength(254)(target, property);
  };
}

/**
 * A password as Cognito bounds it (at most 256 characters). Its rules are the
 * user pool's password policy, which the provider checks and names.
 */
export function IsPasswordText(): PropertyDecorator {
  return Length(1, 256);
}

/** A JWT or refresh token: a few kilobytes at most. */
export function IsTokenText(): PropertyDecorator {
  return Length(1, 8192);
}

/** A verification code as Cognito sends them. */
export function IsVerificationCode(): PropertyDecorator {
  return Length(1, 16);
}
