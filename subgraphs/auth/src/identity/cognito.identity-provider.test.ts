import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type LocalCognito,
  type LocalCognitoMessage,
  startLocalCognito,
} from '@weace/local-identity';
import { CognitoIdentityProvider } from './cognito.identity-provider';
import { IdentityError, type IdentityErrorKind, type SessionTokens } from './identity-provider';

// The adapter against a real cognito-local over HTTP, exactly as in development.
let cognito: LocalCognito;
let identity: CognitoIdentityProvider;
let dataDir: string;
const outbox: LocalCognitoMessage[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'weace-auth-identity-'));
  cognito = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
  identity = new CognitoIdentityProvider({
    region: cognito.region,
    endpoint: cognito.endpoint,
    userPoolId: cognito.userPoolId,
    clientId: cognito.clientId,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  identity.close();
  await cognito.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const PASSWORD = 'Correct1horse';
let people = 0;
/** A fresh address per test, so tests never see each other's users. */
const newEmail = () => `person${++people}@weace.test`;

function lastCode(destination: string, purpose: LocalCognitoMessage['purpose']): string {
  const message = outbox.findLast((m) => m.destination === destination && m.purpose === purpose);
  if (!message) throw new Error(`no ${purpose} message for ${destination}`);
  return message.code;
}

async function confirmedUser(email = newEmail(), password = PASSWORD): Promise<string> {
  await identity.signUp({ email, password, name: 'Ada Lovelace' });
  await identity.confirmSignUp({ email, code: lastCode(email, 'SignUp') });
  return email;
}

async function loginTokens(email: string, password = PASSWORD): Promise<SessionTokens> {
  const result = await identity.login({ email, password });
  if (result.kind !== 'authenticated') throw new Error(`expected tokens, got ${result.kind}`);
  return result.tokens;
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** Asserts the domain error and that its message repeats none of the request's secrets. */
async function expectIdentityError(
  attempt: Promise<unknown>,
  kind: IdentityErrorKind,
  secrets: readonly string[] = [],
): Promise<IdentityError> {
  const error = await attempt.then(
    () => {
      throw new Error(`expected IdentityError ${kind}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IdentityError);
  expect(error).toMatchObject({ kind });
  for (const secret of secrets) expect((error as Error).message).not.toContain(secret);
  return error as IdentityError;
}

describe('sign-up and confirmation', () => {
  it('signs up, confirms with the emailed code, and logs in with a verified email', async () => {
    const email = newEmail();
    const result = await identity.signUp({ email, password: PASSWORD, name: 'Ada Lovelace' });
    expect(result).toEqual({ sub: expect.any(String), confirmed: false });

    await identity.confirmSignUp({ email, code: lastCode(email, 'SignUp') });
    const { idToken } = await loginTokens(email);
    expect(claims(idToken)).toMatchObject({ sub: result.sub, email, email_verified: true });
  });

  it('rejects a password that breaks the policy, naming the rule [InvalidPassword]', async () => {
    const email = newEmail();
    const error = await expectIdentityError(
      identity.signUp({ email, password: 'lowercase1only' }),
      'InvalidPassword',
      [email, 'lowercase1only'],
    );
    expect(error.details.passwordRule).toBe('uppercase');
    expect(error.message).toBe('Password must contain an uppercase letter');
  });

  it('rejects a second sign-up with the same email in another letter case [UserExists]', async () => {
    const email = await confirmedUser();
    await expectIdentityError(
      identity.signUp({ email: ` ${email.toUpperCase()} `, password: PASSWORD }),
      'UserExists',
      [email],
    );
  });

  it('rejects a wrong confirmation code [CodeMismatch]', async () => {
    const email = newEmail();
    await identity.signUp({ email, password: PASSWORD });
    const wrong = lastCode(email, 'SignUp') === '000000' ? '111111' : '000000';
    await expectIdentityError(identity.confirmSignUp({ email, code: wrong }), 'CodeMismatch', [
      wrong,
    ]);
  });

  it('reports a sign-up code that was already used as expired [ExpiredCode]', async () => {
    const email = newEmail();
    await identity.signUp({ email, password: PASSWORD });
    const code = lastCode(email, 'SignUp');
    await identity.confirmSignUp({ email, code });
    await expectIdentityError(identity.confirmSignUp({ email, code }), 'ExpiredCode');
  });

  it('refuses to log in before the email is confirmed [NotConfirmed]', async () => {
    const email = newEmail();
    await identity.signUp({ email, password: PASSWORD });
    await expectIdentityError(identity.login({ email, password: PASSWORD }), 'NotConfirmed');
  });
});

describe('login, refresh and sign-out', () => {
  it('logs in by email in any letter case with Cognito-shaped tokens', async () => {
    const email = await confirmedUser();
    const tokens = await loginTokens(email.toUpperCase());

    expect(tokens.expiresIn).toBe(3600);
    expect(claims(tokens.accessToken)).toMatchObject({
      iss: cognito.issuer,
      token_use: 'access',
      client_id: cognito.clientId,
    });
    expect(claims(tokens.idToken)).toMatchObject({
      iss: cognito.issuer,
      token_use: 'id',
      aud: cognito.clientId,
      email,
    });
  });

  it('rejects a wrong password and an unknown email alike [InvalidCredentials]', async () => {
    const email = await confirmedUser();
    await expectIdentityError(
      identity.login({ email, password: 'Wrong1password' }),
      'InvalidCredentials',
      [email, 'Wrong1password'],
    );
    await expectIdentityError(
      identity.login({ email: 'nobody@weace.test', password: PASSWORD }),
      'InvalidCredentials',
      ['nobody@weace.test'],
    );
  });

  it('refreshes the access and ID tokens of the same person', async () => {
    const email = await confirmedUser();
    const tokens = await loginTokens(email);
    const refreshed = await identity.refresh({ refreshToken: tokens.refreshToken });

    expect(refreshed.expiresIn).toBe(3600);
    expect(claims(refreshed.accessToken).sub).toBe(claims(tokens.accessToken).sub);
    expect(claims(refreshed.idToken).email).toBe(email);
  });

  it('rejects an unknown refresh token [InvalidCredentials]', async () => {
    await expectIdentityError(
      identity.refresh({ refreshToken: 'not-a-refresh-token' }),
      'InvalidCredentials',
      ['not-a-refresh-token'],
    );
  });

  it('revokes every refresh token of the person on global sign-out [InvalidCredentials]', async () => {
    const email = await confirmedUser();
    const first = await loginTokens(email);
    const second = await loginTokens(email);

    await identity.globalSignOut({ accessToken: second.accessToken });

    for (const { refreshToken } of [first, second]) {
      await expectIdentityError(identity.refresh({ refreshToken }), 'InvalidCredentials');
    }
    await expect(loginTokens(email)).resolves.toHaveProperty('refreshToken');
  });

  it('refuses global sign-out with a token it did not sign [InvalidCredentials]', async () => {
    const email = await confirmedUser();
    const { accessToken } = await loginTokens(email);
    const [header, payload] = accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`;

    await expectIdentityError(
      identity.globalSignOut({ accessToken: forged }),
      'InvalidCredentials',
    );
  });
});

describe('passwords', () => {
  it('resets a forgotten password with the emailed code', async () => {
    const email = await confirmedUser();
    await identity.forgotPassword({ email });
    const code = lastCode(email, 'ForgotPassword');

    await identity.confirmForgotPassword({ email, code, newPassword: 'Brand1newpass' });

    await expectIdentityError(identity.login({ email, password: PASSWORD }), 'InvalidCredentials');
    await expect(loginTokens(email, 'Brand1newpass')).resolves.toHaveProperty('accessToken');
  });

  it('rejects a reset with a wrong code [CodeMismatch]', async () => {
    const email = await confirmedUser();
    await identity.forgotPassword({ email });
    const wrong = lastCode(email, 'ForgotPassword') === '000000' ? '111111' : '000000';
    await expectIdentityError(
      identity.confirmForgotPassword({ email, code: wrong, newPassword: 'Brand1newpass' }),
      'CodeMismatch',
      [wrong, 'Brand1newpass'],
    );
  });

  it('rejects a reset to a password that breaks the policy [InvalidPassword]', async () => {
    const email = await confirmedUser();
    await identity.forgotPassword({ email });
    const error = await expectIdentityError(
      identity.confirmForgotPassword({
        email,
        code: lastCode(email, 'ForgotPassword'),
        newPassword: 'NoDigitsHere',
      }),
      'InvalidPassword',
      ['NoDigitsHere'],
    );
    expect(error.details.passwordRule).toBe('number');
  });

  it('answers a reset request for an unknown email as for a known one, sending nothing', async () => {
    await expect(identity.forgotPassword({ email: 'ghost@weace.test' })).resolves.toBeUndefined();
    expect(outbox.filter((m) => m.destination === 'ghost@weace.test')).toEqual([]);
  });

  it('changes the password of the access token’s owner', async () => {
    const email = await confirmedUser();
    const { accessToken } = await loginTokens(email);

    await identity.changePassword({
      accessToken,
      previousPassword: PASSWORD,
      proposedPassword: 'Changed1pass',
    });

    await expectIdentityError(identity.login({ email, password: PASSWORD }), 'InvalidCredentials');
    await expect(loginTokens(email, 'Changed1pass')).resolves.toHaveProperty('idToken');
  });

  it('refuses a password change with a wrong previous password [InvalidCredentials]', async () => {
    const email = await confirmedUser();
    const { accessToken } = await loginTokens(email);
    await expectIdentityError(
      identity.changePassword({
        accessToken,
        previousPassword: 'Wrong1password',
        proposedPassword: 'Changed1pass',
      }),
      'InvalidCredentials',
      ['Wrong1password', 'Changed1pass', accessToken],
    );
  });

  it('refuses a password change to a too short password [InvalidPassword]', async () => {
    const email = await confirmedUser();
    const { accessToken } = await loginTokens(email);
    const error = await expectIdentityError(
      identity.changePassword({ accessToken, previousPassword: PASSWORD, proposedPassword: 'Ab1' }),
      'InvalidPassword',
    );
    expect(error.details.passwordRule).toBe('length');
  });
});

describe('admin operations', () => {
  it('creates a user who must choose a new password at first login', async () => {
    const email = newEmail();
    const created = await identity.adminCreateUser({
      email,
      name: 'Grace Hopper',
      temporaryPassword: 'Temporary1pass',
    });
    expect(created).toEqual({
      sub: expect.any(String),
      email,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      groups: [],
    });

    const login = await identity.login({ email, password: 'Temporary1pass' });
    if (login.kind !== 'newPasswordRequired')
      throw new Error('expected the new-password challenge');
    const tokens = await identity.completeNewPassword({
      email,
      session: login.session,
      newPassword: 'Chosen1password',
    });

    expect(claims(tokens.idToken)).toMatchObject({ sub: created.sub, email_verified: true });
    await expect(identity.refresh({ refreshToken: tokens.refreshToken })).resolves.toHaveProperty(
      'accessToken',
    );
    await expect(identity.adminGetUser({ username: email })).resolves.toMatchObject({
      status: 'CONFIRMED',
    });
  });

  it('emails an invitation carrying a working temporary password when asked', async () => {
    const email = newEmail();
    await identity.adminCreateUser({ email, sendInvitation: true });
    const temporaryPassword = lastCode(email, 'AdminCreateUser');

    await expect(identity.login({ email, password: temporaryPassword })).resolves.toMatchObject({
      kind: 'newPasswordRequired',
    });
  });

  it('rejects creating a user whose email is taken [UserExists]', async () => {
    const email = await confirmedUser();
    await expectIdentityError(identity.adminCreateUser({ email }), 'UserExists', [email]);
  });

  it('rejects a temporary password that breaks the policy [InvalidPassword]', async () => {
    await expectIdentityError(
      identity.adminCreateUser({ email: newEmail(), temporaryPassword: 'Tiny1' }),
      'InvalidPassword',
      ['Tiny1'],
    );
  });

  it('sets a permanent password, or a temporary one to be changed at next login', async () => {
    const email = await confirmedUser();

    await identity.adminSetPassword({
      username: email,
      password: 'Permanent1pass',
      permanent: true,
    });
    await expect(loginTokens(email, 'Permanent1pass')).resolves.toHaveProperty('accessToken');

    await identity.adminSetPassword({
      username: email,
      password: 'Temporary2pass',
      permanent: false,
    });
    await expect(identity.login({ email, password: 'Temporary2pass' })).resolves.toMatchObject({
      kind: 'newPasswordRequired',
    });
  });

  it('disables and re-enables a user, refusing login and refresh meanwhile [Disabled]', async () => {
    const email = await confirmedUser();
    const { refreshToken } = await loginTokens(email);

    await identity.adminSetEnabled({ username: email, enabled: false });
    await expect(identity.adminGetUser({ username: email })).resolves.toMatchObject({
      enabled: false,
    });
    await expectIdentityError(identity.login({ email, password: PASSWORD }), 'Disabled');
    await expectIdentityError(identity.refresh({ refreshToken }), 'Disabled');

    await identity.adminSetEnabled({ username: email, enabled: true });
    await expect(loginTokens(email)).resolves.toHaveProperty('accessToken');
  });

  it('sets exactly the wanted groups, by email or by sub, and tokens carry them', async () => {
    const email = await confirmedUser();
    const { sub } = await identity.adminGetUser({ username: email });

    await identity.adminSetGroups({ username: email, groups: ['COACH', 'ADMIN'] });
    await expect(identity.adminGetUser({ username: sub })).resolves.toMatchObject({
      groups: ['ADMIN', 'COACH'],
    });
    expect(claims((await loginTokens(email)).accessToken)['cognito:groups']).toEqual([
      'ADMIN',
      'COACH',
    ]);

    await identity.adminSetGroups({ username: sub, groups: ['LEARNER'] });
    await expect(identity.adminGetUser({ username: email })).resolves.toEqual({
      sub,
      email,
      enabled: true,
      status: 'CONFIRMED',
      groups: ['LEARNER'],
    });
  });

  it('deletes a user, who can then neither be found nor log in [UserNotFound]', async () => {
    const email = await confirmedUser();
    await identity.adminDeleteUser({ username: email });

    await expectIdentityError(identity.adminGetUser({ username: email }), 'UserNotFound', [email]);
    await expectIdentityError(identity.login({ email, password: PASSWORD }), 'InvalidCredentials');
    await expectIdentityError(identity.adminDeleteUser({ username: email }), 'UserNotFound');
  });
});
