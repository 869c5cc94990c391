import { timingSafeEqual } from 'node:crypto';
import {
  type JwtPayload,
  type TokenVerifier,
  UnauthenticatedError,
  createTokenVerifier,
} from '@weace/service-kit';

/** Where the auth service redeems SSO codes and how it checks what it gets back. */
export interface SsoExchangeOptions {
  /** Cognito: `https://<hosted UI domain>/oauth2/token`; OpenID Connect: `token_endpoint`. */
  readonly tokenEndpoint: string;
  /** The app client the browser signed in for. */
  readonly clientId: string;
  /** A confidential app client's secret, sent with HTTP Basic. Default: none (public client; PKCE). */
  readonly clientSecret?: string;
  /**
   * Who signs the ID tokens: the Cognito user pool behind the Hosted UI, or
   * another OpenID provider (the local one) by its issuer and JWKS.
   */
  readonly idTokenIssuer:
    { readonly userPoolId: string } | { readonly issuer: string; readonly jwksUri: string };
  /**
   * RFC 7009 token revocation: Cognito's `/oauth2/revoke`; OpenID Connect's
   * `revocation_endpoint`. Default: none, a revocation is not possible.
   */
  readonly revocationEndpoint?: string;
  /** Gives up on the token endpoint after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/** The person an SSO sign-in proved, read from the verified ID token. */
export interface SsoIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | null;
  readonly groups: readonly string[];
}

export interface SsoSession {
  readonly accessToken: string;
  readonly idToken: string;
  /** Null when a refresh did not rotate it: the one the client holds stays valid. */
  readonly refreshToken: string | null;
  /** Access-token lifetime in seconds. */
  readonly expiresIn: number;
  readonly tokenType: string;
  readonly identity: SsoIdentity;
}

interface TokenEndpointAnswer {
  access_token?: unknown;
  id_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  token_type?: unknown;
  error?: unknown;
}

// The codes with which a token endpoint refuses the grant itself (RFC 6749 §5.2): the
// browser's code or refresh token is wrong, used or expired. Anything else is our fault.
const REFUSED_GRANT = new Set(['invalid_grant', 'invalid_request']);

/**
 * The server side of the authorization code flow: redeems a code (with the
 * PKCE verifier only the signing-in browser's cookie held) at the provider's
 * token endpoint, verifies the ID token with aws-jwt-verify and its nonce, and
 * refreshes. Refused grants are UNAUTHENTICATED with a fixed message; the
 * provider's answers, codes and tokens never appear in errors.
 */
export class SsoCodeExchange {
  private readonly verifyIdToken: TokenVerifier;

  constructor(private readonly options: SsoExchangeOptions) {
    const { idTokenIssuer, clientId } = options;
    this.verifyIdToken = createTokenVerifier(
      'userPoolId' in idTokenIssuer
        ? { cognito: { userPoolId: idTokenIssuer.userPoolId, clientId, tokenUse: 'id' } }
        : { localIssuers: [{ ...idTokenIssuer, clientId, tokenUse: 'id' }] },
    );
  }

  async exchange(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
    nonce: string;
  }): Promise<SsoSession> {
    const session = await this.redeem({
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
    });
    const nonce = session.claims.nonce;
    if (typeof nonce !== 'string' || !sameText(nonce, input.nonce)) throw refused();
    return session.result;
  }

  async refresh(input: { refreshToken: string }): Promise<SsoSession> {
    return (await this.redeem({ grant_type: 'refresh_token', refresh_token: input.refreshToken }))
      .result;
  }

  /**
   * Revokes a refresh token at the provider (RFC 7009), so it is useless if
   * it leaks after the person signed out. Resolves false when the provider
   * has no revocation endpoint configured.
   */
  async revoke(input: { refreshToken: string }): Promise<boolean> {
    const { clientId, clientSecret, revocationEndpoint } = this.options;
    if (!revocationEndpoint) return false;
    const response = await fetch(revocationEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(clientSecret && { authorization: basicAuthorization(clientId, clientSecret) }),
      },
      body: new URLSearchParams({
        token: input.refreshToken,
        token_type_hint: 'refresh_token',
        client_id: clientId,
      }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    // RFC 7009 §2.2: an unknown or already revoked token is answered 200 too.
    if (!response.ok)
      throw new Error(`The SSO revocation endpoint answered HTTP ${response.status}`);
    return true;
  }

  private async redeem(
    grant: Record<string, string>,
  ): Promise<{ result: SsoSession; claims: JwtPayload }> {
    const { clientId, clientSecret } = this.options;
    const response = await fetch(this.options.tokenEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...(clientSecret && { authorization: basicAuthorization(clientId, clientSecret) }),
      },
      body: new URLSearchParams({ ...grant, client_id: clientId }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
    });
    const answer = (await response.json().catch(() => ({}))) as TokenEndpointAnswer;
    if (!response.ok) {
      if (response.status === 400 && REFUSED_GRANT.has(String(answer.error))) throw refused();
      throw new Error(
        `The SSO token endpoint answered HTTP ${response.status} ${String(answer.error ?? '')}`,
      );
    }
    const { access_token, id_token, refresh_token, expires_in, token_type } = answer;
    if (
      typeof access_token !== 'string' ||
      typeof id_token !== 'string' ||
      typeof expires_in !== 'number'
    ) {
      throw new Error('The SSO token endpoint answered without access token, ID token or expiry');
    }
    const claims = await this.verifyIdToken(id_token).catch(() => {
      throw refused();
    });
    return {
      claims,
      result: {
        accessToken: access_token,
        idToken: id_token,
        refreshToken: typeof refresh_token === 'string' ? refresh_token : null,
        expiresIn: expires_in,
        tokenType: typeof token_type === 'string' ? token_type : 'Bearer',
        identity: identityOf(claims),
      },
    };
  }
}

function refused(): UnauthenticatedError {
  return new UnauthenticatedError('The SSO sign-in could not be verified; sign in again');
}

// RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

function identityOf(claims: JwtPayload): SsoIdentity {
  if (typeof claims.sub !== 'string' || typeof claims.email !== 'string') throw refused();
  const groups = claims['cognito:groups'];
  return {
    subject: claims.sub,
    email: claims.email,
    // Cognito writes it as a string for some federated users.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: typeof claims.name === 'string' ? claims.name : null,
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
  };
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
