import { type InternalTokenSecret, createServiceClient, rolesFromGroups } from '@weace/service-kit';

/** A profile as the SSO routes return it. */
export interface SsoProfile {
  readonly id: string;
  readonly subject: string;
  readonly email: string;
  readonly name: string;
  readonly status: string;
  readonly roles: readonly string[];
}

/** The auth service's answer to a code exchange or a refresh. */
export interface SsoSession {
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string | null;
  readonly expiresIn: number;
  readonly tokenType: string;
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly groups: readonly string[];
}

/** What the SSO routes ask of the auth and users services. */
export interface SsoServices {
  /** The auth service redeems the code at the provider and verifies the ID token. */
  exchangeCode(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
    nonce: string;
  }): Promise<SsoSession>;
  refresh(refreshToken: string): Promise<SsoSession>;
  /** The auth service revokes a refresh token at the provider; false when it cannot. */
  revoke(refreshToken: string): Promise<boolean>;
  /** The users service finds, links (verified email) or creates the profile of a sign-in. */
  profileFor(session: SsoSession): Promise<SsoProfile>;
  /** The profile with a subject, or null when there is none. */
  profileOf(subject: string): Promise<SsoProfile | null>;
}

export interface SsoServicesOptions {
  /** The auth subgraph's GraphQL URL. */
  readonly authUrl: string;
  /** The users subgraph's GraphQL URL. */
  readonly usersUrl: string;
  /** The internal token secret shared with the subgraphs. */
  readonly internalTokenSecret: InternalTokenSecret;
}

const SESSION = /* GraphQL */ `
  accessToken
  idToken
  refreshToken
  expiresIn
  tokenType
  subject
  email
  emailVerified
  name
  groups
`;
const PROFILE = /* GraphQL */ `
  id
  subject
  email
  name
  status
  roles
`;

/**
 * Calls the subgraphs directly, as the `gateway` service: the operations it
 * uses are `@inaccessible`, so no client can send them through the gateway.
 */
export function createSsoServices(options: SsoServicesOptions): SsoServices {
  const client = (url: string, audience: string, operations: string[]) =>
    createServiceClient({
      url,
      service: 'gateway',
      audience,
      operations,
      secret: options.internalTokenSecret,
    });
  const auth = client(options.authUrl, 'auth', [
    'exchangeSsoCode',
    'refreshSsoTokens',
    'revokeSsoRefreshToken',
  ]);
  const users = client(options.usersUrl, 'users', ['ssoSignIn', '_entities']);
  return {
    async exchangeCode(input) {
      const data = await auth<{ exchangeSsoCode: SsoSession }>(
        /* GraphQL */ `
          mutation ($code: String!, $codeVerifier: String!, $redirectUri: String!, $nonce: String!) {
            exchangeSsoCode(code: $code, codeVerifier: $codeVerifier, redirectUri: $redirectUri, nonce: $nonce) {
              ${SESSION}
            }
          }
        `,
        input,
      );
      return data.exchangeSsoCode;
    },
    async refresh(refreshToken) {
      const data = await auth<{ refreshSsoTokens: SsoSession }>(
        /* GraphQL */ `
          mutation ($refreshToken: String!) {
            refreshSsoTokens(refreshToken: $refreshToken) {
              ${SESSION}
            }
          }
        `,
        { refreshToken },
      );
      return data.refreshSsoTokens;
    },
    async revoke(refreshToken) {
      const data = await auth<{ revokeSsoRefreshToken: boolean }>(
        /* GraphQL */ `
          mutation ($refreshToken: String!) {
            revokeSsoRefreshToken(refreshToken: $refreshToken)
          }
        `,
        { refreshToken },
      );
      return data.revokeSsoRefreshToken;
    },
    async profileFor({ subject, email, emailVerified, name, groups }) {
      const data = await users<{ ssoSignIn: SsoProfile }>(
        /* GraphQL */ `
          mutation ($subject: String!, $email: String!, $emailVerified: Boolean!, $name: String, $roles: [Role!]!) {
            ssoSignIn(subject: $subject, email: $email, emailVerified: $emailVerified, name: $name, roles: $roles) {
              ${PROFILE}
            }
          }
        `,
        // Groups that are no WeAce role (a corporate directory's own) stay out of the profile.
        { subject, email, emailVerified, name, roles: rolesFromGroups(groups) },
      );
      return data.ssoSignIn;
    },
    async profileOf(subject) {
      // The users subgraph's entity lookup by its `subject` key, as the gateway's query plans do.
      const data = await users<{ _entities: (SsoProfile | null)[] }>(
        /* GraphQL */ `
          query ($representations: [_Any!]!) {
            _entities(representations: $representations) {
              ... on User {
                ${PROFILE}
              }
            }
          }
        `,
        { representations: [{ __typename: 'User', subject }] },
      );
      return data._entities[0] ?? null;
    },
  };
}
