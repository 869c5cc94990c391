import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { UnauthenticatedError } from '../errors/errors';
import { type Identity, rolesFromGroups } from './identity';

export type { JwtPayload } from 'aws-jwt-verify/jwt-model';

/** Which tokens an issuer's verifier accepts: by their `token_use` claim, or any (`null`). */
export type TokenUse = 'access' | 'id' | null;

/** An Amazon Cognito user pool whose tokens are accepted. */
export interface CognitoIssuer {
  readonly userPoolId: string;
  /** The app client, or several (password login and the Hosted UI may use different ones). */
  readonly clientId: string | readonly string[];
  /** Required `token_use`. Default `access`. */
  readonly tokenUse?: TokenUse;
}

/** Any other RS256 issuer with a JWKS: cognito-local, the local OpenID provider, the test issuer. */
export interface LocalIssuer {
  /** Exact `iss` value. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** Accepted when it is the token's `client_id` (Cognito access tokens) or among its `aud`. */
  readonly clientId: string;
  /** Required `token_use` claim. Default `access`; `null` for issuers that do not set it. */
  readonly tokenUse?: TokenUse;
}

export interface TokenVerifierOptions {
  readonly cognito?: CognitoIssuer;
  readonly localIssuers?: readonly LocalIssuer[];
}

/** Resolves to the verified claims; rejects, saying why, when anything is off. */
export type TokenVerifier = (token: string) => Promise<JwtPayload>;

/** Resolves to the person an access token names; rejects with UNAUTHENTICATED otherwise. */
export type AccessTokenVerifier = (token: string) => Promise<Identity>;

/**
 * aws-jwt-verify's own fetcher speaks HTTPS only; local issuers (cognito-local,
 * the local OpenID provider) serve their JWKS over plain HTTP.
 */
const httpFetcher: Fetcher = {
  async fetch(uri) {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}`);
    return response.arrayBuffer();
  },
};

/**
 * Verifies JWTs with aws-jwt-verify only: signature against the issuer's JWKS
 * (RS256 family; `alg: none` and HMAC are refused by design), expiry and
 * not-before, issuer, client and `token_use`. An unknown `kid` refetches the
 * JWKS, rate-limited by the library's penalty box.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const cognito =
    options.cognito &&
    CognitoJwtVerifier.create({
      userPoolId: options.cognito.userPoolId,
      clientId: [options.cognito.clientId].flat(),
      tokenUse: options.cognito.tokenUse === undefined ? 'access' : options.cognito.tokenUse,
    });
  const locals = options.localIssuers ?? [];
  const local =
    locals.length > 0
      ? JwtRsaVerifier.create(
          locals.map((issuer) => ({
            issuer: issuer.issuer,
            jwksUri: issuer.jwksUri,
            audience: null,
            customJwtCheck: ({ payload }: { payload: JwtPayload }) => {
              const tokenUse = issuer.tokenUse === undefined ? 'access' : issuer.tokenUse;
              if (tokenUse !== null && payload.token_use !== tokenUse) {
                throw new Error('unexpected token_use');
              }
              const audiences = [payload.aud ?? []].flat();
              if (payload.client_id !== issuer.clientId && !audiences.includes(issuer.clientId)) {
                throw new Error('unexpected client');
              }
            },
          })),
          { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
        )
      : undefined;

  return async (token) => {
    const verifier = issuerOf(token)?.startsWith('https://cognito-idp.') ? cognito : local;
    if (!verifier) throw new Error('no verifier for this issuer');
    return verifier.verify(token);
  };
}

/**
 * Verifies bearer access tokens (see {@link createTokenVerifier}) into the
 * person they name, roles read from `cognito:groups`. Every failure is the
 * same UNAUTHENTICATED answer: the reason helps attackers, not users.
 */
export function createAccessTokenVerifier(options: TokenVerifierOptions): AccessTokenVerifier {
  const verify = createTokenVerifier(options);
  return async (token) => {
    try {
      const payload = await verify(token);
      return {
        sub: String(payload.sub),
        email: typeof payload.email === 'string' ? payload.email : undefined,
        roles: rolesFromGroups(payload['cognito:groups']),
      };
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
  };
}

/** The unverified `iss`, only to choose which verifier checks the token. */
function issuerOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    );
    return typeof payload.iss === 'string' ? payload.iss : undefined;
  } catch {
    return undefined;
  }
}
