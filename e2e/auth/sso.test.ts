import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInLikeABrowser } from '@weace/local-identity';
import { type TestStack, demoPerson, person, startTestStack } from '@weace/test-kit';

/** SSO end to end: the gateway's routes, the auth and users services, the local OpenID provider. */
let stack: TestStack;

// Accounts only the OpenID provider has: a newcomer, and someone whose profile exists already.
const NEWCOMER = {
  email: 'nia.newcomer@weace.test',
  password: 'Nia-newcomer-1',
  name: 'Nia Newcomer',
  groups: ['COACH'],
};
const LINKED = {
  email: 'lin.linked@weace.test',
  password: 'Lin-linked-1',
  name: 'Lin Linked',
  groups: [],
  sub: 'corporate-directory-lin',
};

beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true, ssoOnlyAccounts: [NEWCOMER, LINKED] });
});
afterAll(() => stack.stop());

interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: string;
}
interface SignInAnswer extends Tokens {
  user: {
    id: string;
    subject: string;
    email: string;
    name: string;
    status: string;
    roles: string[];
  };
}

const route = (path: string) => new URL(`/auth/sso/${path}`, stack.gatewayUrl);

/** Opens the printed login URL as a browser does; keeps the cookie the gateway set. */
async function openLogin() {
  const response = await fetch(`${stack.ssoLoginUrl}?redirect=true`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const [setCookie] = response.headers.getSetCookie();
  return { cookie: setCookie!.split(';')[0]!, authorizationUrl: response.headers.get('location')! };
}

/** The whole sign-in: login page, form, redirect back, and the callback with the browser's cookie. */
async function signInWithSso(account: { email: string; password: string }) {
  const { cookie, authorizationUrl } = await openLogin();
  const callback = await signInLikeABrowser({ authorizationUrl, ...account });
  const response = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
  return { response, callback, cookie };
}

async function signedIn(account: { email: string; password: string }): Promise<SignInAnswer> {
  const { response } = await signInWithSso(account);
  expect(response.status).toBe(200);
  return (await response.json()) as SignInAnswer;
}

const ME = `{ me { id name email roles } }`;

describe('SSO sign-in through the gateway', () => {
  it('starts with an authorize URL carrying state, nonce and an S256 challenge, bound by a cookie', async () => {
    const response = await fetch(route('login'));
    const { authorizationUrl } = (await response.json()) as { authorizationUrl: string };
    const url = new URL(authorizationUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      redirect_uri: route('callback').href,
    });
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(
      /^weace_sso=[^;]+; Max-Age=600; Path=\/auth\/sso; HttpOnly; SameSite=Lax$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('signs a demo person in like a browser and lands on the profile their password login uses', async () => {
    const ada = demoPerson('ada.admin@weace.dev');
    const { response, callback } = await signInWithSso(ada);
    expect(`${callback.origin}${callback.pathname}`).toBe(route('callback').href);
    expect(response.status).toBe(200);
    // The pending sign-in is spent: the cookie is deleted.
    expect(response.headers.getSetCookie()[0]).toMatch(/^weace_sso=; Max-Age=0;/);
    const answer = (await response.json()) as SignInAnswer;
    expect(answer).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 3600,
      tokenType: 'Bearer',
      user: { email: ada.email, name: 'Ada Admin', status: 'ACTIVE' },
    });

    const bySso = await stack.graphql(ME, { token: answer.accessToken });
    const byPassword = await stack.graphql(ME, { as: ada });
    expect(bySso.errors).toBeUndefined();
    expect(bySso.data?.me).toEqual(byPassword.data?.me);
    expect(bySso.data?.me).toMatchObject({ id: answer.user.id, roles: ['ADMIN', 'LEARNER'] });
  });

  it("creates an ACTIVE profile on a newcomer's first sign-in, with their groups as roles", async () => {
    const { user, accessToken } = await signedIn(NEWCOMER);
    expect(user).toMatchObject({
      email: NEWCOMER.email,
      name: 'Nia Newcomer',
      status: 'ACTIVE',
      roles: ['COACH', 'LEARNER'],
    });
    const again = await signedIn(NEWCOMER);
    expect(again.user.id).toBe(user.id);
    expect((await stack.graphql(ME, { token: accessToken })).data?.me).toMatchObject({
      id: user.id,
    });
  });

  it('links the SSO identity to the existing profile with the verified email, keeping its subject', async () => {
    const lin = { ...person(), email: LINKED.email };
    const profile = await stack.createProfile(lin);
    const { user, accessToken } = await signedIn(LINKED);
    expect(user).toMatchObject({ id: profile.id, subject: profile.sub, email: LINKED.email });
    // Both identities reach the same profile: the SSO token and the password login's.
    expect((await stack.graphql(ME, { token: accessToken })).data?.me).toMatchObject({
      id: profile.id,
    });
    expect((await stack.graphql(ME, { as: lin })).data?.me).toMatchObject({ id: profile.id });
  });

  it('refuses a callback whose state was tampered with, or without the browser’s cookie [UNAUTHENTICATED]', async () => {
    const { cookie, authorizationUrl } = await openLogin();
    const callback = await signInLikeABrowser({
      authorizationUrl,
      ...demoPerson('liam.learner@weace.dev'),
    });
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    for (const [url, headers] of [
      [tampered, { cookie }],
      [callback, {}],
    ] as const) {
      const response = await fetch(url, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'This sign-in cannot be verified; sign in again',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    }
  });

  it('refuses a replayed code, even with the original cookie [UNAUTHENTICATED]', async () => {
    const { response, callback, cookie } = await signInWithSso(demoPerson('mia.martin@weace.dev'));
    expect(response.status).toBe(200);
    const replay = await fetch(callback, { headers: { cookie } });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('refuses a sign-in the person cancelled at the provider [UNAUTHENTICATED]', async () => {
    const { cookie, authorizationUrl } = await openLogin();
    const state = new URL(authorizationUrl).searchParams.get('state')!;
    const cancelled = route('callback');
    cancelled.search = new URLSearchParams({ error: 'access_denied', state }).toString();
    const response = await fetch(cancelled, { headers: { cookie } });
    expect(response.status).toBe(401);
  });
});

describe('after an SSO sign-in', () => {
  it('refreshes the tokens, and refuses a refresh token it never issued [UNAUTHENTICATED]', async () => {
    const { refreshToken } = await signedIn(demoPerson('carla.coach@weace.dev'));
    const refresh = (body: unknown) =>
      fetch(route('refresh'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const refreshed = await refresh({ refreshToken });
    expect(refreshed.status).toBe(200);
    const tokens = (await refreshed.json()) as Tokens;
    expect((await stack.graphql(ME, { token: tokens.accessToken })).data?.me).toMatchObject({
      name: 'Carla Coach',
    });
    expect((await refresh({ refreshToken: 'not-a-refresh-token' })).status).toBe(401);
    const missing = await refresh({});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', fields: ['refreshToken'] } }],
    });
  });

  it('keeps a browser’s refresh token in a cookie that /refresh reads and logout revokes [UNAUTHENTICATED]', async () => {
    const { response } = await signInWithSso(demoPerson('carla.coach@weace.dev'));
    const refreshCookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith('weace_sso_refresh='))!
      .split(';')[0]!;
    const refresh = () =>
      fetch(route('refresh'), { method: 'POST', headers: { cookie: refreshCookie } });
    const refreshed = await refresh();
    expect(refreshed.status).toBe(200);
    const tokens = (await refreshed.json()) as Tokens;
    expect(tokens.refreshToken).toBeUndefined();
    expect((await stack.graphql(ME, { token: tokens.accessToken })).data?.me).toMatchObject({
      name: 'Carla Coach',
    });

    const logout = await fetch(route('logout'), { headers: { cookie: refreshCookie } });
    expect(logout.status).toBe(200);
    expect(logout.headers.getSetCookie()).toContainEqual(
      expect.stringMatching(/^weace_sso_refresh=;.*Max-Age=0/),
    );
    const afterLogout = await refresh();
    expect(afterLogout.status).toBe(401);
  });

  it('shows the bearer their verified claims and profile, and nobody else anything [UNAUTHENTICATED]', async () => {
    const { accessToken, user } = await signedIn(demoPerson('omar.okafor@weace.dev'));
    const response = await fetch(route('user-info'), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(await response.json()).toMatchObject({
      claims: { sub: user.subject, token_use: 'access', 'cognito:groups': ['COACH', 'LEARNER'] },
      user: { id: user.id, email: 'omar.okafor@weace.dev' },
    });
    for (const headers of [{}, { authorization: `Bearer ${accessToken}x` }] as Record<
      string,
      string
    >[]) {
      expect((await fetch(route('user-info'), { headers })).status).toBe(401);
    }
  });

  it("gives the provider's logout URL, or sends the browser there", async () => {
    const { logoutUrl } = (await (await fetch(route('logout'))).json()) as { logoutUrl: string };
    const url = new URL(logoutUrl);
    expect(url.searchParams.get('client_id')).toBe(stack.identity.ssoClient.clientId);
    expect(`${url.origin}${url.pathname}`).toBe(stack.identity.oidc.endpoints.endSession);
    const redirect = await fetch(`${route('logout')}?redirect=true`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(logoutUrl);
  });

  it('keeps the code exchange away from clients of the gateway [GRAPHQL_VALIDATION_FAILED]', async () => {
    const { errors } = await stack.graphql(
      `mutation { exchangeSsoCode(code: "c", codeVerifier: "v", redirectUri: "http://x", nonce: "n") { accessToken } }`,
    );
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
