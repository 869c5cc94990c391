/**
 * What the auth service needs from an identity provider (Amazon Cognito in production,
 * cognito-local in development and tests). People are known by their email, which is their
 * username; admin operations also accept the `sub`.
 */
export interface IdentityProvider {
  /** Registers a person; they must confirm with the code emailed to them before logging in. */
  signUp(input: { email: string; password: string; name?: string }): Promise<SignUpResult>;
  confirmSignUp(input: { email: string; code: string }): Promise<void>;

  /** Password login. A user created by an admin must first choose a new password. */
  login(input: { email: string; password: string }): Promise<LoginResult>;
  /** Answers the new-password challenge of {@link login}. */
  completeNewPassword(input: {
    email: string;
    session: string;
    newPassword: string;
  }): Promise<SessionTokens>;
  /** New access and ID tokens for a refresh token; the refresh token itself stays the same. */
  refresh(input: { refreshToken: string }): Promise<RefreshedTokens>;
  /** Revokes every refresh token of the access token's owner (access tokens live until expiry). */
  globalSignOut(input: { accessToken: string }): Promise<void>;

  /**
   * Emails a reset code. For an unknown email it succeeds without sending anything when the
   * pool prevents user-existence errors (WeAce's does), so the answer reveals no accounts.
   */
  forgotPassword(input: { email: string }): Promise<void>;
  confirmForgotPassword(input: { email: string; code: string; newPassword: string }): Promise<void>;
  changePassword(input: {
    accessToken: string;
    previousPassword: string;
    proposedPassword: string;
  }): Promise<void>;

  /**
   * Creates a confirmed user with a verified email. They log in with the temporary password
   * and must then choose their own. Without `temporaryPassword` the provider generates one;
   * it reaches the person only through the invitation.
   */
  adminCreateUser(input: {
    email: string;
    name?: string;
    temporaryPassword?: string;
    /** Email the invitation with the temporary password. Default false. */
    sendInvitation?: boolean;
  }): Promise<IdentityUser>;
  /** A permanent password can be used as is; a temporary one must be changed at next login. */
  adminSetPassword(input: {
    username: string;
    password: string;
    permanent: boolean;
  }): Promise<void>;
  adminDeleteUser(input: { username: string }): Promise<void>;
  /** A disabled user can neither log in nor refresh. */
  adminSetEnabled(input: { username: string; enabled: boolean }): Promise<void>;
  /** Adds and removes group memberships until the user is in exactly `groups`. */
  adminSetGroups(input: { username: string; groups: readonly string[] }): Promise<void>;
  adminGetUser(input: { username: string }): Promise<IdentityUser>;
}

export interface SignUpResult {
  readonly sub: string;
  /** False until the emailed code is confirmed. */
  readonly confirmed: boolean;
}

export interface SessionTokens {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
  /** Access-token lifetime in seconds. */
  readonly expiresIn: number;
}

export type RefreshedTokens = Omit<SessionTokens, 'refreshToken'>;

export type LoginResult =
  | { readonly kind: 'authenticated'; readonly tokens: SessionTokens }
  /** Pass `session` to {@link IdentityProvider.completeNewPassword}. */
  | { readonly kind: 'newPasswordRequired'; readonly session: string };

/** Cognito's account states. */
export type IdentityUserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'RESET_REQUIRED'
  | 'EXTERNAL_PROVIDER'
  | 'ARCHIVED'
  | 'COMPROMISED'
  | 'UNKNOWN';

export interface IdentityUser {
  readonly sub: string;
  readonly email: string;
  readonly enabled: boolean;
  readonly status: IdentityUserStatus;
  /** Group names, sorted. Roles are derived from them (`rolesFromGroups` in the service kit). */
  readonly groups: readonly string[];
}

export type IdentityErrorKind =
  /** Wrong email or password, or a refresh/access token the provider no longer accepts. */
  | 'InvalidCredentials'
  | 'UserNotFound'
  | 'UserExists'
  /** The password breaks the policy; `passwordRule` says which rule. */
  | 'InvalidPassword'
  | 'CodeMismatch'
  | 'ExpiredCode'
  | 'NotConfirmed'
  | 'Disabled'
  /** An admin reset the password; the person must use forgotPassword. */
  | 'PasswordResetRequired'
  | 'TooManyRequests'
  /** A malformed input other than a password, e.g. an invalid email address. */
  | 'InvalidParameter'
  | 'Unknown';

/** The password-policy rules an identity provider enforces. */
export type PasswordRule = 'length' | 'lowercase' | 'uppercase' | 'number' | 'symbol';

/**
 * A failure of the identity provider in domain terms. Messages are fixed texts: they never
 * repeat the request (emails, passwords, codes, tokens) nor the provider's own message.
 */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';

  constructor(
    readonly kind: IdentityErrorKind,
    message: string,
    readonly details: {
      /** Set for `InvalidPassword` when the provider named the broken rule. */
      readonly passwordRule?: PasswordRule;
      /**
       * For logs: the provider's error name (e.g. `NotAuthorizedException`), or what was
       * wrong with its answer.
       */
      readonly providerError?: string;
    } = {},
  ) {
    super(message);
  }
}
