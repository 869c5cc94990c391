import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/** Password login and its follow-ups, through the gateway, against cognito-local. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

interface Session {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
  user: { id: string; email: string } | null;
}

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      idToken
      refreshToken
      expiresIn
      tokenType
      user {
        id
        email
      }
    }
  }
`;
const REFRESH = /* GraphQL */ `
  mutation ($refreshToken: String!) {
    refreshTokens(refreshToken: $refreshToken) {
      accessToken
    }
  }
`;

const login = (email: string, password: string) =>
  stack.graphql<{ login: Session }>(LOGIN, { variables: { email, password } });

async function loggedIn(someone: TestPerson): Promise<Session> {
  const { data, errors } = await login(someone.email, someone.password);
  expect(errors).toBeUndefined();
  return data!.login;
}

const codesOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code);

describe('password login through the gateway', () => {
  it('answers tokens the gateway accepts, with the profile from the users service', async () => {
    const someone = person();
    const profile = await stack.createProfile(someone);
    const session = await loggedIn(someone);
    expect(session).toMatchObject({
      expiresIn: 3600,
      tokenType: 'Bearer',
      user: { id: profile.id, email: someone.email },
    });
    const me = await stack.graphql(`{ me { id } }`, { token: session.accessToken });
    expect(me.data?.me).toEqual({ id: profile.id });
  });

  it('answers the tokens with a null user while the account has no profile yet', async () => {
    const someone = person();
    await stack.signIn(someone);
    const session = await loggedIn(someone);
    expect(session.user).toBeNull();
    expect(session.accessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown email with the same answer [UNAUTHENTICATED]', async () => {
    const someone = person();
    await stack.signIn(someone);
    const wrong = await login(someone.email, `${someone.password}x`);
    const unknown = await login(`nobody-${someone.email}`, someone.password);
    expect(codesOf(wrong)).toEqual(['UNAUTHENTICATED']);
    expect(unknown.errors).toEqual(wrong.errors);
  });

  it('throttles an account after repeated failures, with a retry time [RATE_LIMITED]', async () => {
    const someone = person();
    await stack.signIn(someone);
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push(await login(someone.email, `Wrong-${i}-password`));
    expect(attempts.map(codesOf).flat()).toEqual([
      ...Array(5).fill('UNAUTHENTICATED'),
      'RATE_LIMITED',
    ]);
    expect(attempts[5]!.errors?.[0]?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    // Even the right password waits for the window to pass.
    expect(codesOf(await login(someone.email, someone.password))).toEqual(['RATE_LIMITED']);
  });

  it('refreshes, and after logout refuses the refresh token [UNAUTHENTICATED]', async () => {
    const someone = person();
    await stack.createProfile(someone);
    const session = await loggedIn(someone);
    const refreshed = await stack.graphql<{ refreshTokens: { accessToken: string } }>(REFRESH, {
      variables: { refreshToken: session.refreshToken },
    });
    expect(refreshed.errors).toBeUndefined();
    const me = await stack.graphql(`{ me { id } }`, {
      token: refreshed.data!.refreshTokens.accessToken,
    });
    expect(me.errors).toBeUndefined();

    const logout = await stack.graphql(`mutation ($t: String!) { logout(accessToken: $t) }`, {
      variables: { t: session.accessToken },
    });
    expect(logout.data).toEqual({ logout: true });
    const afterLogout = await stack.graphql(REFRESH, {
      variables: { refreshToken: session.refreshToken },
    });
    expect(codesOf(afterLogout)).toEqual(['UNAUTHENTICATED']);
  });

  it('resets a forgotten password with the emailed code, and changes it knowing the old one', async () => {
    const someone = person();
    await stack.createProfile(someone);
    const forgot = await stack.graphql(`mutation ($e: String!) { forgotPassword(email: $e) }`, {
      variables: { e: someone.email },
    });
    expect(forgot.data).toEqual({ forgotPassword: true });
    const reset = 'Reset-password-1';
    const confirmed = await stack.graphql(
      `mutation ($e: String!, $c: String!, $p: String!) { confirmForgotPassword(email: $e, code: $c, newPassword: $p) }`,
      {
        variables: {
          e: someone.email,
          c: stack.lastCode(someone.email, 'ForgotPassword'),
          p: reset,
        },
      },
    );
    expect(confirmed.errors).toBeUndefined();
    expect(codesOf(await login(someone.email, someone.password))).toEqual(['UNAUTHENTICATED']);
    const session = await loggedIn({ ...someone, password: reset });

    const changed = 'Changed-password-1';
    const change = await stack.graphql(
      `mutation ($t: String!, $old: String!, $new: String!) { changePassword(accessToken: $t, previousPassword: $old, proposedPassword: $new) }`,
      { variables: { t: session.accessToken, old: reset, new: changed } },
    );
    expect(change.errors).toBeUndefined();
    await loggedIn({ ...someone, password: changed });
  });

  it('answers forgotPassword for an unknown email as for a known one', async () => {
    const forgot = await stack.graphql(`mutation ($e: String!) { forgotPassword(email: $e) }`, {
      variables: { e: 'nobody-at-all@test.weace.dev' },
    });
    expect(forgot).toMatchObject({ status: 200, data: { forgotPassword: true } });
  });
});
