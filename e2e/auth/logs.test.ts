import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signInLikeABrowser } from '@weace/local-identity';
import { type TestStack, demoPerson, person, startTestStack } from '@weace/test-kit';

/**
 * Runs every authentication flow (registration, login, refresh, password
 * reset and change, SSO, logout) through the gateway with every service's
 * log lines captured at debug level, then looks for each password and token
 * the flows used in those lines. Codes may appear in cognito-local's lines
 * only: locally its log is the mailbox, as cognito-local's own is.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true, captureLogs: true, logLevel: 'debug' });
});
afterAll(() => stack.stop());

interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
}

async function mutate<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { data, errors } = await stack.graphql<Record<string, T>>(query, { variables });
  expect(errors).toBeUndefined();
  return Object.values(data!)[0]!;
}

describe('logs', () => {
  it('never carry a password or a token, whatever the flow', async () => {
    const secrets: string[] = [];
    const keep = (...values: (string | null | undefined)[]) => {
      for (const value of values) {
        expect(value).toEqual(expect.stringMatching(/.{8}/));
        secrets.push(value!);
      }
    };
    const someone = person();
    await stack.createProfile(someone);
    keep(someone.password);

    const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken idToken refreshToken } }`;
    const wrong = `${someone.password}-wrong`;
    keep(wrong);
    const refused = await stack.graphql(LOGIN, {
      variables: { email: someone.email, password: wrong },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const session = await mutate<Tokens>(LOGIN, {
      email: someone.email,
      password: someone.password,
    });
    keep(session.accessToken, session.idToken, session.refreshToken);
    const refreshed = await mutate<Tokens>(
      `mutation ($refreshToken: String!) { refreshTokens(refreshToken: $refreshToken) { accessToken idToken } }`,
      { refreshToken: session.refreshToken },
    );
    keep(refreshed.accessToken, refreshed.idToken);

    const changed = `${someone.password}-changed`;
    keep(changed);
    await mutate(
      `mutation ($accessToken: String!, $previous: String!, $proposed: String!) { changePassword(accessToken: $accessToken, previousPassword: $previous, proposedPassword: $proposed) }`,
      { accessToken: session.accessToken, previous: someone.password, proposed: changed },
    );
    await mutate(`mutation ($email: String!) { forgotPassword(email: $email) }`, {
      email: someone.email,
    });
    const code = stack.lastCode(someone.email, 'ForgotPassword');
    const reset = `${someone.password}-reset`;
    keep(reset);
    await mutate(
      `mutation ($email: String!, $code: String!, $password: String!) { confirmForgotPassword(email: $email, code: $code, newPassword: $password) }`,
      { email: someone.email, code, password: reset },
    );

    const newcomer = person();
    keep(newcomer.password);
    await mutate(`mutation ($input: RegisterInput!) { register(input: $input) { id } }`, {
      input: { email: newcomer.email, password: newcomer.password, name: newcomer.name },
    });
    const weak = 'weakpassword';
    keep(weak);
    const refusedWeak = await stack.graphql(
      `mutation ($input: RegisterInput!) { register(input: $input) { id } }`,
      { variables: { input: { email: `weak-${newcomer.email}`, password: weak, name: 'Weak' } } },
    );
    expect(refusedWeak.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const signUpCode = stack.lastCode(newcomer.email, 'SignUp');
    await mutate(
      `mutation ($email: String!, $code: String!) { confirmRegistration(email: $email, code: $code) { id } }`,
      { email: newcomer.email, code: signUpCode },
    );
    keep(
      ...Object.values(
        await mutate<Tokens>(LOGIN, { email: newcomer.email, password: newcomer.password }),
      ),
    );

    const login = await fetch(`${stack.ssoLoginUrl}?redirect=true`, { redirect: 'manual' });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    keep(cookie.slice(cookie.indexOf('=') + 1));
    const ada = demoPerson('ada.admin@weace.dev');
    keep(ada.password);
    const callback = await signInLikeABrowser({
      authorizationUrl: login.headers.get('location')!,
      ...ada,
    });
    keep(callback.searchParams.get('code'));
    const sso = (await (await fetch(callback, { headers: { cookie } })).json()) as Tokens;
    keep(sso.accessToken, sso.idToken, sso.refreshToken);
    const ssoRefreshed = (await (
      await fetch(new URL('/auth/sso/refresh', stack.gatewayUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: sso.refreshToken }),
      })
    ).json()) as Tokens;
    keep(ssoRefreshed.accessToken, ssoRefreshed.idToken);
    await fetch(new URL('/auth/sso/user-info', stack.gatewayUrl), {
      headers: { authorization: `Bearer ${sso.accessToken}` },
    });
    // The browser's way: the refresh token in its cookie, then logout revoking it.
    const browserLogin = await fetch(`${stack.ssoLoginUrl}?redirect=true`, { redirect: 'manual' });
    const browserCookie = browserLogin.headers.getSetCookie()[0]!.split(';')[0]!;
    const browserCallback = await signInLikeABrowser({
      authorizationUrl: browserLogin.headers.get('location')!,
      ...ada,
    });
    keep(browserCallback.searchParams.get('code'));
    const signedIn = await fetch(browserCallback, { headers: { cookie: browserCookie } });
    const refreshCookie = signedIn.headers
      .getSetCookie()
      .find((header) => header.startsWith('weace_sso_refresh='))!
      .split(';')[0]!;
    keep(refreshCookie.slice(refreshCookie.indexOf('=') + 1));
    const cookieRefreshed = (await (
      await fetch(new URL('/auth/sso/refresh', stack.gatewayUrl), {
        method: 'POST',
        headers: { cookie: refreshCookie },
      })
    ).json()) as Tokens;
    keep(cookieRefreshed.accessToken);
    await fetch(new URL('/auth/sso/logout', stack.gatewayUrl), {
      headers: { cookie: refreshCookie },
    });
    await mutate(`mutation ($accessToken: String!) { logout(accessToken: $accessToken) }`, {
      accessToken: session.accessToken,
    });

    const lines = stack.logLines();
    // The flows were logged (so this test can see a leak), down to debug level.
    expect(lines.some((line) => line.includes('"msg":"SSO sign-in"'))).toBe(true);
    expect(lines.some((line) => line.includes('"level":20'))).toBe(true);
    expect(secrets.filter((secret) => lines.some((line) => line.includes(secret)))).toEqual([]);
    for (const emailed of [code, signUpCode]) {
      // As a word: six digits can also turn up inside a hexadecimal id.
      const word = new RegExp(`(?<!\\w)${emailed}(?!\\w)`);
      const withCode = lines.filter((line) => word.test(line));
      expect(withCode.length).toBeGreaterThan(0);
      for (const line of withCode) expect(JSON.parse(line).service).toBe('cognito-local');
    }
  });
});
