import { createHash, randomBytes } from 'node:crypto';
import type { SsoOptions } from './sso-options';

/** The secrets of one sign-in, kept by the browser (in the signed cookie) until the callback. */
export interface PendingSignIn {
  /** Echoed by the provider to the callback: proves the callback answers this browser's request. */
  readonly state: string;
  /** Put by the provider in the ID token: proves the token was issued for this sign-in. */
  readonly nonce: string;
  /** PKCE: only its hash travels to the provider; the code is worthless without it. */
  readonly codeVerifier: string;
}

const DEFAULT_SCOPES = ['openid', 'email', 'profile'];

// 32 random bytes: 256 bits, 43 base64url characters (RFC 7636 wants 43 to 128).
const random = () => randomBytes(32).toString('base64url');

export function newPendingSignIn(): PendingSignIn {
  return { state: random(), nonce: random(), codeVerifier: random() };
}

/** RFC 7636 `S256`: BASE64URL(SHA256(code_verifier)). */
export function codeChallengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** The provider's authorize URL for one sign-in: authorization code, PKCE S256, state and nonce. */
export function authorizationUrl(options: SsoOptions, pending: PendingSignIn): URL {
  const url = new URL(options.provider.authorizationEndpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: (options.scopes ?? DEFAULT_SCOPES).join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: codeChallengeOf(pending.codeVerifier),
    code_challenge_method: 'S256',
  })) {
    url.searchParams.set(name, value);
  }
  return url;
}

/** The provider's logout URL, returning to `logoutRedirectUrl` when one is configured. */
export function logoutUrl(options: SsoOptions): URL {
  const url = new URL(options.provider.logoutEndpoint);
  url.searchParams.set('client_id', options.clientId);
  if (options.logoutRedirectUrl) {
    url.searchParams.set(options.provider.logoutRedirectParameter, options.logoutRedirectUrl);
  }
  return url;
}
