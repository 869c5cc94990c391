import { describe, expect, it } from '@jest/globals';
import { passwordPolicyViolation } from './password-policy';

const policy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: false,
};

describe('passwordPolicyViolation', () => {
  it('accepts a password meeting every rule', () => {
    expect(passwordPolicyViolation('Correct1horse', policy)).toBeUndefined();
  });

  it.each([
    ['Short1a', 'Password not long enough'],
    ['UPPERCASE1', 'Password must have lowercase characters'],
    ['lowercase1', 'Password must have uppercase characters'],
    ['NoDigitsHere', 'Password must have numeric characters'],
  ])('rejects %s with Cognito’s message “%s”', (password, rule) => {
    expect(passwordPolicyViolation(password, policy)).toBe(
      `Password did not conform with policy: ${rule}`,
    );
  });

  it('requires a symbol only when the policy says so', () => {
    expect(passwordPolicyViolation('NoSymbol1', { ...policy, RequireSymbols: true })).toBe(
      'Password did not conform with policy: Password must have symbol characters',
    );
    expect(passwordPolicyViolation('With symbol1', { ...policy, RequireSymbols: true })).toBe(
      undefined,
    );
  });

  it('falls back to Cognito’s minimum of 8 characters when the pool has no policy', () => {
    expect(passwordPolicyViolation('abc', undefined)).toBe(
      'Password did not conform with policy: Password not long enough',
    );
  });
});
