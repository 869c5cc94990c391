import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInLikeABrowser } from '@weace/local-identity';
import { type TestStack, demoPerson, startTestStack } from '@weace/test-kit';

/** SSO for an app on its own page: the callback hands it the tokens in the URL fragment. */
const APP = 'http://127.0.0.1:5173/signed-in';
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true, ssoAppRedirectUrl: APP });
});
afterAll(() => stack.stop());

describe('an SSO sign-in with an app redirect', () => {
  it('ends at the app with the access and ID tokens in the fragment, the refresh token in an httpOnly cookie', async () => {
    const login = await fetch(`${stack.ssoLoginUrl}?redirect=true`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const callback = await signInLikeABrowser({
      authorizationUrl: login.headers.get('location')!,
      ...demoPerson('noah.nguyen@weace.dev'),
    });
    const response = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
    expect(response.status).toBe(302);
    const target = new URL(response.headers.get('location')!);
    expect(`${target.origin}${target.pathname}${target.search}`).toBe(APP);
    const fragment = new URLSearchParams(target.hash.slice(1));
    expect(Object.fromEntries(fragment)).toEqual({
      access_token: expect.any(String),
      id_token: expect.any(String),
      expires_in: '3600',
      token_type: 'Bearer',
    });
    const refreshCookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith('weace_sso_refresh='));
    expect(refreshCookie).toMatch(/HttpOnly/);
    expect(refreshCookie).toMatch(/Secure/);
    expect(refreshCookie).toMatch(/SameSite=Strict/);
    expect(refreshCookie).toMatch(/Path=\/auth\/sso(;|$)/);
    const me = await stack.graphql(`{ me { name } }`, { token: fragment.get('access_token')! });
    expect(me.data?.me).toEqual({ name: 'Noah Nguyen' });
  });
});
