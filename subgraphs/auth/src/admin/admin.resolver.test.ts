import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANONYMOUS, Role } from '@weace/service-kit';
import {
  ADMIN,
  type AuthHarness,
  PASSWORD,
  claimsOf,
  newEmail,
  personCaller,
  startAuthHarness,
} from '../testing/auth-harness';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthHarness();
});
afterAll(() => harness.stop());

const ACCOUNT = 'subject email enabled status groups';
const CREATE = /* GraphQL */ `
  mutation ($input: AdminCreateUserInput!) { adminCreateUser(input: $input) { ${ACCOUNT} } }
`;
const SET_GROUPS = /* GraphQL */ `
  mutation ($username: String!, $groups: [Role!]!) {
    adminSetUserGroups(username: $username, groups: $groups) { ${ACCOUNT} }
  }
`;
const SET_ENABLED = /* GraphQL */ `
  mutation ($username: String!, $enabled: Boolean!) {
    adminSetUserEnabled(username: $username, enabled: $enabled) { ${ACCOUNT} }
  }
`;
const SET_PASSWORD = /* GraphQL */ `
  mutation ($username: String!, $password: String!, $permanent: Boolean!) {
    adminSetPassword(username: $username, password: $password, permanent: $permanent)
  }
`;
const DELETE = 'mutation ($username: String!) { adminDeleteUser(username: $username) }';

const OPERATIONS: readonly [string, string, Record<string, unknown>][] = [
  ['adminCreateUser', CREATE, { input: { email: 'someone@weace.test' } }],
  ['adminSetPassword', SET_PASSWORD, { username: 'x', password: PASSWORD, permanent: true }],
  ['adminDeleteUser', DELETE, { username: 'x' }],
  ['adminSetUserEnabled', SET_ENABLED, { username: 'x', enabled: false }],
  ['adminSetUserGroups', SET_GROUPS, { username: 'x', groups: ['ADMIN'] }],
];

describe('who may administer accounts', () => {
  it.each(OPERATIONS)(
    'refuses %s to a person without ADMIN [FORBIDDEN]',
    async (_, source, variables) => {
      const { errors } = await harness.execute(source, {
        variables,
        caller: personCaller('coach', Role.Coach, Role.Learner),
      });
      expect(errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    },
  );

  it.each(OPERATIONS)(
    'asks an anonymous caller of %s to sign in [UNAUTHENTICATED]',
    async (_, source, variables) => {
      const { errors } = await harness.execute(source, { variables, caller: ANONYMOUS });
      expect(errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    },
  );
});

describe('adminCreateUser', () => {
  it('creates a confirmed account that must choose its password', async () => {
    const email = newEmail();
    const { data } = await harness.execute(CREATE, {
      variables: { input: { email, name: 'Grace Hopper', temporaryPassword: 'Temporary1pass' } },
      caller: ADMIN,
    });
    expect(data?.adminCreateUser).toEqual({
      subject: expect.any(String),
      email,
      enabled: true,
      status: 'FORCE_CHANGE_PASSWORD',
      groups: [],
    });
  });

  it('refuses an email that has an account [CONFLICT]', async () => {
    const email = await harness.confirmedAccount();
    const { errors } = await harness.execute(CREATE, {
      variables: { input: { email } },
      caller: ADMIN,
    });
    expect(errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', fields: ['email'] });
  });

  it('names temporaryPassword when it breaks the policy [BAD_USER_INPUT]', async () => {
    const { errors } = await harness.execute(CREATE, {
      variables: { input: { email: newEmail(), temporaryPassword: 'Tiny1' } },
      caller: ADMIN,
    });
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['temporaryPassword'],
    });
  });
});

describe('managing an account', () => {
  it('sets exactly the given roles, which the next tokens carry', async () => {
    const email = await harness.confirmedAccount();
    await harness.execute(SET_GROUPS, {
      variables: { username: email, groups: ['COACH', 'ADMIN'] },
      caller: ADMIN,
    });
    const { data } = await harness.execute(SET_GROUPS, {
      variables: { username: email, groups: ['COACH'] },
      caller: ADMIN,
    });
    expect(data?.adminSetUserGroups).toMatchObject({ email, groups: ['COACH'] });

    const login = await harness.provider.login({ email, password: PASSWORD });
    if (login.kind !== 'authenticated') throw new Error('expected tokens');
    expect(claimsOf(login.tokens.accessToken)['cognito:groups']).toEqual(['COACH']);
  });

  it('disables an account, which then cannot log in, and enables it again', async () => {
    const email = await harness.confirmedAccount();
    const disabled = await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: false },
      caller: ADMIN,
    });
    expect(disabled.data?.adminSetUserEnabled).toMatchObject({ enabled: false });
    await expect(harness.provider.login({ email, password: PASSWORD })).rejects.toMatchObject({
      kind: 'Disabled',
    });

    await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: true },
      caller: ADMIN,
    });
    await expect(harness.provider.login({ email, password: PASSWORD })).resolves.toMatchObject({
      kind: 'authenticated',
    });
  });

  it('sets a permanent password, and names the password that breaks the policy [BAD_USER_INPUT]', async () => {
    const email = await harness.confirmedAccount();
    const set = await harness.execute(SET_PASSWORD, {
      variables: { username: email, password: 'Permanent1pass', permanent: true },
      caller: ADMIN,
    });
    expect(set).toEqual({ data: { adminSetPassword: true } });
    await expect(
      harness.provider.login({ email, password: 'Permanent1pass' }),
    ).resolves.toMatchObject({
      kind: 'authenticated',
    });

    const { errors } = await harness.execute(SET_PASSWORD, {
      variables: { username: email, password: 'short', permanent: true },
      caller: ADMIN,
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['password'] });
  });

  it('deletes an account by subject; a second delete finds nothing [NOT_FOUND]', async () => {
    const email = await harness.confirmedAccount();
    const { sub } = await harness.provider.adminGetUser({ username: email });

    expect(await harness.execute(DELETE, { variables: { username: sub }, caller: ADMIN })).toEqual({
      data: { adminDeleteUser: true },
    });
    const again = await harness.execute(DELETE, { variables: { username: sub }, caller: ADMIN });
    expect(again.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
  });
});
