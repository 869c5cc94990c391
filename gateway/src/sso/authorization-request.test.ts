import { describe, expect, it } from '@jest/globals';
import {
  authorizationUrl,
  codeChallengeOf,
  logoutUrl,
  newPendingSignIn,
} from './authorization-request';
import type { SsoOptions } from './sso-options';

const options: SsoOptions = {
  provider: {
    authorizationEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
    logoutEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/logout',
    logoutRedirectParameter: 'logout_uri',
  },
  clientId: 'app-client',
  redirectUri: 'https://api.weace.dev/auth/sso/callback',
  logoutRedirectUrl: 'https://app.weace.dev/signed-out',
  cookieSecret: 'x'.repeat(32),
};

describe('authorization request', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', () => {
    expect(codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes fresh 256-bit state, nonce and verifier for every sign-in', () => {
    const [first, second] = [newPendingSignIn(), newPendingSignIn()];
    for (const value of Object.values(first)) expect(value).toMatch(/^[\w-]{43}$/);
    expect(new Set([...Object.values(first), ...Object.values(second)]).size).toBe(6);
  });

  it('asks for an authorization code with the PKCE challenge, never the verifier', () => {
    const pending = newPendingSignIn();
    const url = authorizationUrl(options, pending);
    expect(`${url.origin}${url.pathname}`).toBe(options.provider.authorizationEndpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'app-client',
      redirect_uri: 'https://api.weace.dev/auth/sso/callback',
      scope: 'openid email profile',
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: codeChallengeOf(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    expect(url.href).not.toContain(pending.codeVerifier);
  });

  it("names where to return after logout in the provider's own parameter", () => {
    expect(Object.fromEntries(logoutUrl(options).searchParams)).toEqual({
      client_id: 'app-client',
      logout_uri: 'https://app.weace.dev/signed-out',
    });
    const oidc = {
      ...options,
      provider: { ...options.provider, logoutRedirectParameter: 'post_logout_redirect_uri' },
      logoutRedirectUrl: undefined,
    } as const;
    expect(Object.fromEntries(logoutUrl(oidc).searchParams)).toEqual({ client_id: 'app-client' });
  });
});
