import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { serviceDatabase } from '@weace/service-kit';
import { eventually, publishedEvents } from '@weace/test-kit/subgraph';
import {
  ADMIN,
  type AuthHarness,
  PASSWORD,
  claimsOf,
  newEmail,
  startAuthHarness,
} from '../testing/auth-harness';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthHarness({
    env: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3',
      LOGIN_MAX_FAILURES_PER_IP: '5',
      LOGIN_FAILURE_WINDOW_SECONDS: '600',
    },
  });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

interface Payload {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
  user: { subject: string };
}

const PAYLOAD = 'accessToken idToken refreshToken expiresIn tokenType user { subject }';
const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) { ${PAYLOAD} }
  }
`;

const login = (email: string, password = PASSWORD, clientIp?: string) =>
  harness.execute<{ login: Payload }>(LOGIN, { variables: { email, password }, clientIp });

async function session(email: string): Promise<Payload> {
  const { data, errors } = await login(email);
  if (!data?.login) throw new Error(`login failed: ${JSON.stringify(errors)}`);
  return data.login;
}

describe('login', () => {
  it('answers with Cognito tokens and a reference to the person for the users subgraph', async () => {
    const email = await harness.confirmedAccount();
    const payload = await session(email.toUpperCase());

    const access = claimsOf(payload.accessToken);
    expect(payload).toMatchObject({ expiresIn: 3600, tokenType: 'Bearer' });
    expect(payload.user).toEqual({ subject: access.sub });
    expect(access).toMatchObject({ token_use: 'access', iss: harness.cognito.issuer });
    expect(claimsOf(payload.idToken)).toMatchObject({ sub: access.sub, email });
    expect(payload.refreshToken).toEqual(expect.any(String));
  });

  it('answers a wrong password and an unknown email exactly alike [UNAUTHENTICATED]', async () => {
    const email = await harness.confirmedAccount();
    const wrongPassword = await login(email, 'Wrong1password');
    const unknownEmail = await login(newEmail(), 'Wrong1password');

    expect(wrongPassword).toEqual({
      data: null,
      errors: [
        {
          message: 'Incorrect email or password',
          locations: expect.any(Array),
          path: ['login'],
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it('refuses a disabled account like a wrong password [UNAUTHENTICATED]', async () => {
    const email = await harness.confirmedAccount();
    await harness.provider.adminSetEnabled({ username: email, enabled: false });

    const { errors } = await login(email);
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'Incorrect email or password',
        extensions: { code: 'UNAUTHENTICATED' },
      }),
    ]);
  });

  it('asks for the emailed code first when the account is unconfirmed [FORBIDDEN]', async () => {
    const email = newEmail();
    await harness.provider.signUp({ email, password: PASSWORD });
    const { errors } = await login(email);
    expect(errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('refuses a malformed email without asking the provider [BAD_USER_INPUT]', async () => {
    const { errors } = await login('not-an-email');
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['email'] });
  });
});

describe('login throttling', () => {
  it('locks an account out after 3 failures, even for the right password, with a retry time [RATE_LIMITED]', async () => {
    const email = await harness.confirmedAccount();
    for (let i = 0; i < 3; i += 1) {
      expect((await login(email, 'Wrong1password')).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    const { data, errors } = await login(email);
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
  });

  it('counts an unknown email like a known one, so the lockout reveals nothing [RATE_LIMITED]', async () => {
    const nobody = newEmail();
    for (let i = 0; i < 3; i += 1) await login(nobody, 'Wrong1password');
    expect((await login(nobody)).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('forgets an account’s failures once it logs in', async () => {
    const email = await harness.confirmedAccount();
    await login(email, 'Wrong1password');
    await login(email, 'Wrong1password');
    await session(email);
    await login(email, 'Wrong1password');
    await login(email, 'Wrong1password');
    await expect(session(email)).resolves.toHaveProperty('accessToken');
  });

  it('limits one client IP across accounts, not other IPs [RATE_LIMITED]', async () => {
    const attacker = '203.0.113.9';
    for (let i = 0; i < 5; i += 1) {
      await login(await harness.confirmedAccount(), 'Wrong1password', attacker);
    }
    const victim = await harness.confirmedAccount();
    expect((await login(victim, PASSWORD, attacker)).errors?.[0]?.extensions?.code).toBe(
      'RATE_LIMITED',
    );
    const { data } = await login(victim, PASSWORD, '198.51.100.20');
    expect(data?.login.accessToken).toEqual(expect.any(String));
  });
});

describe('refreshTokens and logout', () => {
  const REFRESH = /* GraphQL */ `
    mutation ($refreshToken: String!) {
      refreshTokens(refreshToken: $refreshToken) { ${PAYLOAD} }
    }
  `;
  const LOGOUT = 'mutation ($accessToken: String!) { logout(accessToken: $accessToken) }';
  const refresh = (refreshToken: string) =>
    harness.execute<{ refreshTokens: Payload }>(REFRESH, { variables: { refreshToken } });

  it('gives new tokens for the same person, and the same refresh token back', async () => {
    const first = await session(await harness.confirmedAccount());
    const { data } = await refresh(first.refreshToken);
    expect(data?.refreshTokens).toMatchObject({
      refreshToken: first.refreshToken,
      user: first.user,
      tokenType: 'Bearer',
    });
    expect(claimsOf(data!.refreshTokens.accessToken).sub).toBe(first.user.subject);
  });

  it('refuses an unknown refresh token [UNAUTHENTICATED]', async () => {
    const { errors } = await refresh('not-a-refresh-token');
    expect(errors?.[0]).toMatchObject({
      message: 'Invalid or expired refresh token',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('revokes every refresh token of the person on logout [UNAUTHENTICATED]', async () => {
    const email = await harness.confirmedAccount();
    const phone = await session(email);
    const laptop = await session(email);

    const { data } = await harness.execute(LOGOUT, {
      variables: { accessToken: laptop.accessToken },
    });
    expect(data).toEqual({ logout: true });

    for (const { refreshToken } of [phone, laptop]) {
      expect((await refresh(refreshToken)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    await expect(session(email)).resolves.toHaveProperty('refreshToken');
  });

  it('refuses to log out with a forged access token [UNAUTHENTICATED]', async () => {
    const { accessToken } = await session(await harness.confirmedAccount());
    const [header, payload] = accessToken.split('.');
    const { errors } = await harness.execute(LOGOUT, {
      variables: { accessToken: `${header}.${payload}.Zm9yZ2Vk` },
    });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('completeNewPassword', () => {
  const COMPLETE = /* GraphQL */ `
    mutation ($email: String!, $temporaryPassword: String!, $newPassword: String!) {
      completeNewPassword(
        email: $email
        temporaryPassword: $temporaryPassword
        newPassword: $newPassword
      ) { ${PAYLOAD} }
    }
  `;

  it('lets an account an admin created choose its password and sign in', async () => {
    const email = newEmail();
    const created = await harness.execute<{ adminCreateUser: { subject: string } }>(
      'mutation ($email: String!) { adminCreateUser(input: { email: $email, temporaryPassword: "Temporary1pass" }) { subject } }',
      { variables: { email }, caller: ADMIN },
    );

    const first = await login(email, 'Temporary1pass');
    expect(first.errors?.[0]?.extensions).toEqual({
      code: 'FORBIDDEN',
      reason: 'NEW_PASSWORD_REQUIRED',
    });

    const { data } = await harness.execute<{ completeNewPassword: Payload }>(COMPLETE, {
      variables: { email, temporaryPassword: 'Temporary1pass', newPassword: 'Chosen1password' },
    });
    expect(data?.completeNewPassword.user.subject).toBe(created.data?.adminCreateUser.subject);
    expect((await login(email, 'Chosen1password')).data?.login.accessToken).toBeDefined();
  });

  it('names newPassword and the rule when it breaks the policy [BAD_USER_INPUT]', async () => {
    const email = newEmail();
    await harness.provider.adminCreateUser({ email, temporaryPassword: 'Temporary1pass' });
    const { errors } = await harness.execute(COMPLETE, {
      variables: { email, temporaryPassword: 'Temporary1pass', newPassword: 'alllowercase1' },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Password must contain an uppercase letter',
      extensions: { code: 'BAD_USER_INPUT', fields: ['newPassword'], passwordRule: 'uppercase' },
    });
  });
});

describe('announcing sign-ins', () => {
  it('publishes user.signedIn for a password login, without userId while no profile is known', async () => {
    const email = await harness.confirmedAccount();
    const { user } = await session(email);
    expect(await publishedEvents('auth', 'user.signedIn')).toEqual([
      expect.objectContaining({
        subject: user.subject,
        payload: { subject: user.subject, email, userId: null, method: 'PASSWORD' },
      }),
    ]);
  });

  it('names the person by User.id once the users service announced their profile', async () => {
    const email = await harness.confirmedAccount();
    const { sub } = await harness.provider.adminGetUser({ username: email });
    const userId = '0123456789abcdef01234567';
    await harness.transport.publish({
      id: randomUUID(),
      type: 'user.registered',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'users',
      subject: userId,
      sequence: 1,
      payload: {
        user: {
          id: userId,
          subject: sub,
          email,
          name: 'Test Person',
          locale: null,
          timeZone: null,
          department: null,
          roles: ['LEARNER'],
          status: 'ACTIVE',
        },
      },
    });
    const people = serviceDatabase('auth').collection('people');
    await eventually(async () => (await people.countDocuments({ subject: sub })) === 1);

    await session(email);
    const [signedIn] = await publishedEvents('auth', 'user.signedIn');
    expect(signedIn).toMatchObject({ actorId: userId, payload: { userId, method: 'PASSWORD' } });
  });
});
