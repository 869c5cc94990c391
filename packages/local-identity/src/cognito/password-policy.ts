/** The password rules of a Cognito user pool (the `Policies.PasswordPolicy` shape). */
export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

// The characters Amazon Cognito counts as symbols in password policies.
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/**
 * Checks a password the way Amazon Cognito does and returns Cognito's own
 * InvalidPasswordException message for the first broken rule, or undefined when it conforms.
 * cognito-local stores any password; this is what makes it refuse weak ones.
 */
export function passwordPolicyViolation(
  password: string,
  policy: PasswordPolicy | undefined,
): string | undefined {
  const broken = brokenRule(password, policy ?? {});
  return broken && `Password did not conform with policy: ${broken}`;
}

function brokenRule(password: string, policy: PasswordPolicy): string | undefined {
  if (password.length < (policy.MinimumLength ?? 8)) return 'Password not long enough';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) {
    return 'Password must have lowercase characters';
  }
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) {
    return 'Password must have uppercase characters';
  }
  if (policy.RequireNumbers && !/[0-9]/.test(password)) {
    return 'Password must have numeric characters';
  }
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.has(c))) {
    return 'Password must have symbol characters';
  }
  return undefined;
}
