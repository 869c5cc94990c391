import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANONYMOUS, Role, serviceDatabase } from '@weace/service-kit';
import { publishedEvents } from '@weace/test-kit/subgraph';
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

describe('announcing account changes to the users service', () => {
  const eventsAbout = async (subject: string) =>
    (await publishedEvents('auth')).filter((event) => event.subject === subject);
  /**
   * Makes the next outbox write about `subject` fail for real: its sequence
   * counter holds a string, which the outbox's `$inc` cannot add to.
   */
  const breakOutboxFor = (subject: string) =>
    serviceDatabase('auth')
      .collection<{ _id: string; sequence: unknown }>('event_sequences')
      .updateOne({ _id: subject }, { $set: { sequence: 'broken' } }, { upsert: true });
  const repairOutboxFor = (subject: string) =>
    serviceDatabase('auth')
      .collection<{ _id: string }>('event_sequences')
      .deleteOne({ _id: subject });

  it('publishes account.disabled, account.enabled and account.groupsChanged once the provider confirmed', async () => {
    const email = await harness.confirmedAccount();
    const { sub } = await harness.provider.adminGetUser({ username: email });
    await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: false },
      caller: ADMIN,
    });
    await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: true },
      caller: ADMIN,
    });
    await harness.execute(SET_GROUPS, {
      variables: { username: email, groups: ['COACH'] },
      caller: ADMIN,
    });

    expect(
      (await eventsAbout(sub)).map(({ type, sequence, payload }) => ({ type, sequence, payload })),
    ).toEqual([
      { type: 'account.disabled', sequence: 1, payload: { subject: sub, email } },
      { type: 'account.enabled', sequence: 2, payload: { subject: sub, email } },
      {
        type: 'account.groupsChanged',
        sequence: 3,
        payload: { subject: sub, email, groups: ['COACH'] },
      },
    ]);
  });

  it('publishes nothing when the provider refuses the change [NOT_FOUND]', async () => {
    const before = (await publishedEvents('auth')).length;
    for (const [source, variables] of [
      [SET_ENABLED, { username: 'nobody@weace.test', enabled: false }],
      [SET_GROUPS, { username: 'nobody@weace.test', groups: ['ADMIN'] }],
      [DELETE, { username: 'nobody@weace.test' }],
    ] as const) {
      const { errors } = await harness.execute(source, { variables, caller: ADMIN });
      expect(errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    }
    expect(await publishedEvents('auth')).toHaveLength(before);
  });

  it('fails the operation when the outbox write fails, and its retry applies and publishes [INTERNAL_SERVER_ERROR]', async () => {
    const email = await harness.confirmedAccount();
    const { sub } = await harness.provider.adminGetUser({ username: email });
    await breakOutboxFor(sub);

    const failed = await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: false },
      caller: ADMIN,
    });
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    // The provider did disable it: only the announcement is missing.
    expect((await harness.provider.adminGetUser({ username: email })).enabled).toBe(false);
    expect(await eventsAbout(sub)).toEqual([]);

    await repairOutboxFor(sub);
    const retried = await harness.execute(SET_ENABLED, {
      variables: { username: email, enabled: false },
      caller: ADMIN,
    });
    expect(retried.data?.adminSetUserEnabled).toMatchObject({ enabled: false });
    expect((await eventsAbout(sub)).map((event) => event.type)).toEqual(['account.disabled']);
  });

  it('announces a deletion again on retry once the account is gone, when the directory knows it', async () => {
    const email = await harness.confirmedAccount();
    const { sub } = await harness.provider.adminGetUser({ username: email });
    await serviceDatabase('auth')
      .collection<{ _id: string; subject: string; email: string }>('people')
      .insertOne({ _id: `user-of-${sub}`, subject: sub, email });
    await breakOutboxFor(sub);

    const failed = await harness.execute(DELETE, { variables: { username: email }, caller: ADMIN });
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    await expect(harness.provider.adminGetUser({ username: email })).rejects.toMatchObject({
      kind: 'UserNotFound',
    });

    await repairOutboxFor(sub);
    const retried = await harness.execute(DELETE, {
      variables: { username: email },
      caller: ADMIN,
    });
    expect(retried).toEqual({ data: { adminDeleteUser: true } });
    expect(await eventsAbout(sub)).toEqual([
      expect.objectContaining({ type: 'account.deleted', payload: { subject: sub, email } }),
    ]);
  });
});
