import { randomBytes } from 'node:crypto';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { AccountDirectory } from './account-directory';
import { errorPage, PAGE_HEADERS } from './login-page';
import type { SigningKey } from './signing-key';

/** A relying party registered with the local provider. */
export interface LocalOidcClient {
  readonly clientId: string;
  /** Makes the client confidential: HTTP Basic at the token endpoint. Without: PKCE only. */
  readonly clientSecret?: string;
  readonly redirectUris: readonly string[];
}

// Access tokens are JWTs for this one API, as the Hosted UI's are for its user pool.
const API_RESOURCE = 'urn:weace:api';
const SCOPES = 'openid email profile';
const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/**
 * oidc-provider configured to stand in for the Cognito Hosted UI: authorization code with PKCE
 * (S256, required), `openid email profile`, RS256 JWT access and ID tokens carrying
 * `cognito:groups` and `token_use`, refresh tokens, and no consent screen (the Hosted UI has
 * none; every registered client is first-party). State is in memory.
 */
export function oidcConfiguration(options: {
  clients: readonly LocalOidcClient[];
  accounts: AccountDirectory;
  signingKey: SigningKey;
}): Configuration {
  const { accounts } = options;
  return {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: client.clientSecret ? 'client_secret_basic' : 'none',
    })),
    jwks: { keys: [options.signingKey] },
    // Sessions live in memory, so cookies signed with a per-start key lose nothing on restart.
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      openid: ['sub', 'token_use', 'cognito:groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // ID tokens carry the scope claims, as Cognito's do (there is no userinfo endpoint).
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      // RFC 7009, as Cognito's /oauth2/revoke: SSO logout revokes the refresh token.
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, _resource, client) => ({
          scope: SCOPES,
          audience: client.clientId,
          accessTokenFormat: 'jwt',
          accessTokenTTL: HOUR,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find(sub);
      return (
        account && {
          accountId: account.sub,
          claims: () => ({
            sub: account.sub,
            token_use: 'id',
            'cognito:groups': [...account.groups],
            email: account.email,
            email_verified: true,
            name: account.name,
          }),
        }
      );
    },
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token ? accounts.find(token.accountId) : undefined;
      return (
        account && {
          token_use: 'access',
          username: account.sub,
          'cognito:groups': [...account.groups],
        }
      );
    },
    loadExistingGrant: grantEverythingAsked,
    // Like the Hosted UI, every code exchange yields a refresh token, no offline_access needed.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 5 * 60,
      IdToken: HOUR,
      RefreshToken: 30 * DAY,
      Interaction: HOUR,
      Session: DAY,
      Grant: 30 * DAY,
    },
    renderError: (ctx, out) => {
      ctx.set(PAGE_HEADERS);
      ctx.body = errorPage('Sign-in failed', out.error_description ?? out.error);
    },
  };
}

// Consent is implied: the grant is widened to whatever a registered client asks for.
async function grantEverythingAsked(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  const client = oidc.client;
  if (!client || !oidc.session) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(client.clientId);
  const grant =
    (grantId && (await oidc.provider.Grant.find(grantId))) ||
    new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session.accountId });
  const scope = typeof oidc.params?.scope === 'string' ? oidc.params.scope : 'openid';
  grant.addOIDCScope(scope);
  grant.addResourceScope(API_RESOURCE, scope);
  await grant.save();
  return grant;
}
