import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANONYMOUS } from '@weace/service-kit';
import {
  ADMIN,
  type AuthHarness,
  PASSWORD,
  USERS_SERVICE,
  newEmail,
  startAuthHarness,
} from '../testing/auth-harness';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthHarness();
});
afterAll(() => harness.stop());

const CREATE = /* GraphQL */ `
  mutation ($email: String!, $password: String!, $name: String) {
    createIdentityAccount(email: $email, password: $password, name: $name) {
      subject
      confirmed
    }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation ($email: String!, $code: String!) {
    confirmIdentityAccount(email: $email, code: $code)
  }
`;

describe('createIdentityAccount', () => {
  it('signs the account up for a service, unconfirmed, and confirmIdentityAccount confirms it', async () => {
    const email = newEmail();
    const created = await harness.execute<{
      createIdentityAccount: { subject: string; confirmed: boolean };
    }>(CREATE, { variables: { email, password: PASSWORD, name: 'Ada' }, caller: USERS_SERVICE });
    expect(created).toEqual({
      data: { createIdentityAccount: { subject: expect.any(String), confirmed: false } },
    });
    await expect(harness.provider.login({ email, password: PASSWORD })).rejects.toMatchObject({
      kind: 'NotConfirmed',
    });

    const confirmed = await harness.execute(CONFIRM, {
      variables: { email, code: harness.lastCode(email, 'SignUp') },
      caller: USERS_SERVICE,
    });
    expect(confirmed).toEqual({ data: { confirmIdentityAccount: true } });
    const { sub } = await harness.provider.adminGetUser({ username: email });
    expect(sub).toBe(created.data?.createIdentityAccount.subject);
  });

  it.each([
    ['an anonymous caller', ANONYMOUS],
    ['a person, even an admin', ADMIN],
  ])('refuses %s before looking at the input [FORBIDDEN]', async (_, caller) => {
    for (const [source, variables] of [
      [CREATE, { email: 'not-an-email', password: '' }],
      [CONFIRM, { email: newEmail(), code: '123456' }],
    ] as const) {
      const { errors } = await harness.execute(source, { variables, caller });
      expect(errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    }
  });

  it('refuses an email that has an account [CONFLICT]', async () => {
    const email = await harness.confirmedAccount();
    const { errors } = await harness.execute(CREATE, {
      variables: { email, password: PASSWORD },
      caller: USERS_SERVICE,
    });
    expect(errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', fields: ['email'] });
  });

  it('names password and states the rule it breaks [BAD_USER_INPUT]', async () => {
    const { errors } = await harness.execute(CREATE, {
      variables: { email: newEmail(), password: 'lowercase1only' },
      caller: USERS_SERVICE,
    });
    expect(errors?.[0]).toMatchObject({
      message: 'Password must contain an uppercase letter',
      extensions: { code: 'BAD_USER_INPUT', fields: ['password'], passwordRule: 'uppercase' },
    });
  });

  it('names the code when it is wrong [BAD_USER_INPUT]', async () => {
    const email = newEmail();
    await harness.execute(CREATE, {
      variables: { email, password: PASSWORD },
      caller: USERS_SERVICE,
    });
    const wrong = harness.lastCode(email, 'SignUp') === '000000' ? '111111' : '000000';
    const { errors } = await harness.execute(CONFIRM, {
      variables: { email, code: wrong },
      caller: USERS_SERVICE,
    });
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['code'] });
  });
});
