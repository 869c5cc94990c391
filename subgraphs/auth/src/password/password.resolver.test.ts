import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthHarness, PASSWORD, newEmail, startAuthHarness } from '../testing/auth-harness';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthHarness();
});
afterAll(() => harness.stop());

const FORGOT = 'mutation ($email: String!) { forgotPassword(email: $email) }';
const CONFIRM = /* GraphQL */ `
  mutation ($email: String!, $code: String!, $newPassword: String!) {
    confirmForgotPassword(email: $email, code: $code, newPassword: $newPassword)
  }
`;
const CHANGE = /* GraphQL */ `
  mutation ($accessToken: String!, $previousPassword: String!, $proposedPassword: String!) {
    changePassword(
      accessToken: $accessToken
      previousPassword: $previousPassword
      proposedPassword: $proposedPassword
    )
  }
`;

const canLogIn = async (email: string, password: string) =>
  (await harness.provider.login({ email, password }).then(
    () => true,
    () => false,
  )) as boolean;

/** A wrong code for `email`'s last one, whatever it was. */
const wrongCode = (email: string, purpose: 'SignUp' | 'ForgotPassword') =>
  harness.lastCode(email, purpose) === '000000' ? '111111' : '000000';

describe('forgotPassword', () => {
  it('answers an unknown email exactly as a known one', async () => {
    const known = await harness.execute(FORGOT, {
      variables: { email: await harness.confirmedAccount() },
    });
    const unknown = await harness.execute(FORGOT, { variables: { email: newEmail() } });
    expect(known).toEqual({ data: { forgotPassword: true } });
    expect(unknown).toEqual(known);
  });

  it('also keeps quiet about an unconfirmed account', async () => {
    const email = newEmail();
    await harness.provider.signUp({ email, password: PASSWORD });
    expect(await harness.execute(FORGOT, { variables: { email } })).toEqual({
      data: { forgotPassword: true },
    });
  });
});

describe('confirmForgotPassword', () => {
  it('sets the new password with the emailed code', async () => {
    const email = await harness.confirmedAccount();
    await harness.execute(FORGOT, { variables: { email } });
    const code = harness.lastCode(email, 'ForgotPassword');

    const result = await harness.execute(CONFIRM, {
      variables: { email, code, newPassword: 'Brand1newpass' },
    });

    expect(result).toEqual({ data: { confirmForgotPassword: true } });
    expect(await canLogIn(email, 'Brand1newpass')).toBe(true);
    expect(await canLogIn(email, PASSWORD)).toBe(false);
  });

  it('names the code when it is wrong [BAD_USER_INPUT]', async () => {
    const email = await harness.confirmedAccount();
    await harness.execute(FORGOT, { variables: { email } });
    const { errors } = await harness.execute(CONFIRM, {
      variables: { email, code: wrongCode(email, 'ForgotPassword'), newPassword: 'Brand1newpass' },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Invalid verification code',
      extensions: { code: 'BAD_USER_INPUT', fields: ['code'] },
    });
  });

  it('answers an unknown email as a wrong code [BAD_USER_INPUT]', async () => {
    const { errors } = await harness.execute(CONFIRM, {
      variables: { email: newEmail(), code: '123456', newPassword: 'Brand1newpass' },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Invalid verification code',
      extensions: { code: 'BAD_USER_INPUT', fields: ['code'] },
    });
  });

  it('names newPassword and the rule it breaks, and keeps the old password [BAD_USER_INPUT]', async () => {
    const email = await harness.confirmedAccount();
    await harness.execute(FORGOT, { variables: { email } });
    const { errors } = await harness.execute(CONFIRM, {
      variables: {
        email,
        code: harness.lastCode(email, 'ForgotPassword'),
        newPassword: 'NoDigitsHere',
      },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Password must contain a number',
      extensions: { code: 'BAD_USER_INPUT', fields: ['newPassword'], passwordRule: 'number' },
    });
    expect(await canLogIn(email, PASSWORD)).toBe(true);
  });
});

describe('changePassword', () => {
  async function accessTokenOf(email: string): Promise<string> {
    const result = await harness.provider.login({ email, password: PASSWORD });
    if (result.kind !== 'authenticated') throw new Error('expected tokens');
    return result.tokens.accessToken;
  }

  it('changes the password of the access token’s owner', async () => {
    const email = await harness.confirmedAccount();
    const result = await harness.execute(CHANGE, {
      variables: {
        accessToken: await accessTokenOf(email),
        previousPassword: PASSWORD,
        proposedPassword: 'Changed1pass',
      },
    });
    expect(result).toEqual({ data: { changePassword: true } });
    expect(await canLogIn(email, 'Changed1pass')).toBe(true);
  });

  it('refuses a wrong previous password [UNAUTHENTICATED]', async () => {
    const email = await harness.confirmedAccount();
    const { errors } = await harness.execute(CHANGE, {
      variables: {
        accessToken: await accessTokenOf(email),
        previousPassword: 'Wrong1password',
        proposedPassword: 'Changed1pass',
      },
    });
    expect(errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await canLogIn(email, PASSWORD)).toBe(true);
  });

  it('names proposedPassword when it is too short [BAD_USER_INPUT]', async () => {
    const email = await harness.confirmedAccount();
    const { errors } = await harness.execute(CHANGE, {
      variables: {
        accessToken: await accessTokenOf(email),
        previousPassword: PASSWORD,
        proposedPassword: 'Ab1',
      },
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Password is too short',
      extensions: { code: 'BAD_USER_INPUT', fields: ['proposedPassword'], passwordRule: 'length' },
    });
  });
});
