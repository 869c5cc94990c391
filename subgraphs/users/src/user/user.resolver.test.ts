import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import {
  ADMIN_CALLER,
  type UsersHarness,
  makeUser,
  personCaller,
  startUsersHarness,
} from '../testing/users-harness';
import { UserModel } from './user.model';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const codeOf = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((error) => error.extensions?.code);

const CREATE_USER = /* GraphQL */ `
  mutation ($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
      roles
      status
    }
  }
`;

describe('me', () => {
  const ME = /* GraphQL */ `
    {
      me {
        name
      }
    }
  `;

  it('asks anonymous callers to sign in [UNAUTHENTICATED]', async () => {
    expect(codeOf(await harness.execute(ME))).toEqual(['UNAUTHENTICATED']);
  });

  it('is null for a signed-in person without a profile yet', async () => {
    const result = await harness.execute(ME, { caller: personCaller({ subject: 'new' }) });
    expect(result).toEqual({ data: { me: null }, errors: undefined });
  });

  it("is the caller's own profile", async () => {
    const user = await makeUser({ name: 'Myself' });
    const result = await harness.execute(ME, { caller: personCaller(user) });
    expect(result.data).toEqual({ me: { name: 'Myself' } });
  });
});

describe('user(id)', () => {
  const USER = /* GraphQL */ `
    query ($id: ID!) {
      user(id: $id) {
        id
        name
        createdAt
      }
    }
  `;

  it('returns the user with an ISO-8601 createdAt', async () => {
    const user = await makeUser({ name: 'Found' });
    const result = await harness.execute(USER, {
      variables: { id: user.id },
      caller: personCaller({ subject: 'viewer' }),
    });
    expect(result.data).toEqual({
      user: { id: user.id, name: 'Found', createdAt: user.createdAt.toISOString() },
    });
  });

  it('is null for an id nobody has', async () => {
    const result = await harness.execute(USER, {
      variables: { id: '0123456789abcdef01234567' },
      caller: personCaller({ subject: 'viewer' }),
    });
    expect(result).toEqual({ data: { user: null }, errors: undefined });
  });

  it('refuses an id that cannot be one [BAD_USER_INPUT]', async () => {
    const result = await harness.execute(USER, {
      variables: { id: 'nope' },
      caller: personCaller({ subject: 'viewer' }),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['id'] } }),
    ]);
  });

  it('is for signed-in people only [UNAUTHENTICATED]', async () => {
    const user = await makeUser();
    expect(codeOf(await harness.execute(USER, { variables: { id: user.id } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('lists', () => {
  it('refuses a page larger than 100 [BAD_USER_INPUT]', async () => {
    const result = await harness.execute('{ users(first: 101) { totalCount } }', {
      caller: personCaller({ subject: 'viewer' }),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['first'] } }),
    ]);
  });

  it('refuses an empty or over-long search [BAD_USER_INPUT]', async () => {
    for (const query of ['', 'x'.repeat(101)]) {
      const result = await harness.execute(
        'query ($q: String!) { searchUsers(query: $q) { totalCount } }',
        { variables: { q: query }, caller: personCaller({ subject: 'viewer' }) },
      );
      expect(result.errors).toEqual([
        expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['query'] } }),
      ]);
    }
  });

  it('filters by role through the GraphQL enum', async () => {
    await makeUser({ name: 'Coach', roles: [Role.Coach, Role.Learner] });
    await makeUser({ name: 'Learner' });
    const result = await harness.execute(
      '{ users(filter: { role: COACH }) { totalCount edges { node { name roles } } } }',
      { caller: personCaller({ subject: 'viewer' }) },
    );
    expect(result.data).toEqual({
      users: { totalCount: 1, edges: [{ node: { name: 'Coach', roles: ['COACH', 'LEARNER'] } }] },
    });
  });
});

describe('admin mutations', () => {
  const valid = { subject: 'sub-new', email: 'New.Person@Example.com', name: 'New Person' };

  it('creates a user for an admin', async () => {
    const result = await harness.execute(CREATE_USER, {
      variables: { input: { ...valid, roles: ['COACH'] } },
      caller: ADMIN_CALLER,
    });
    expect(result.data?.createUser).toMatchObject({
      email: 'new.person@example.com',
      roles: ['COACH', 'LEARNER'],
      status: 'ACTIVE',
    });
  });

  it('refuses non-admins and writes nothing [FORBIDDEN]', async () => {
    const result = await harness.execute(CREATE_USER, {
      variables: { input: valid },
      caller: personCaller({ subject: 'learner' }),
    });
    expect(codeOf(result)).toEqual(['FORBIDDEN']);
    expect(await UserModel.countDocuments()).toBe(0);
  });

  it('names every invalid field and writes nothing [BAD_USER_INPUT]', async () => {
    const result = await harness.execute(CREATE_USER, {
      variables: {
        input: {
          subject: '',
          email: 'not-an-email',
          name: '   ',
          avatarUrl: 'http://example.com/me.png',
          locale: 'english',
          timeZone: 'Mars/Olympus_Mons',
          bio: 'b'.repeat(1001),
        },
      },
      caller: ADMIN_CALLER,
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: expect.arrayContaining([
        'subject',
        'email',
        'name',
        'avatarUrl',
        'locale',
        'timeZone',
        'bio',
      ]),
    });
    expect(await UserModel.countDocuments()).toBe(0);
  });

  it('accepts real time zones and language tags', async () => {
    const result = await harness.execute(CREATE_USER, {
      variables: {
        input: { ...valid, locale: 'zh-Hant-TW', timeZone: 'America/Argentina/Buenos_Aires' },
      },
      caller: ADMIN_CALLER,
    });
    expect(result.errors).toBeUndefined();
  });

  it('reports a taken email as a conflict on email [CONFLICT]', async () => {
    await makeUser({ email: 'new.person@example.com' });
    const result = await harness.execute(CREATE_USER, {
      variables: { input: valid },
      caller: ADMIN_CALLER,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'CONFLICT', fields: ['email'] } }),
    ]);
  });

  it('refuses updateUser and deleteUser to non-admins [FORBIDDEN]', async () => {
    const user = await makeUser({ name: 'Target' });
    const caller = personCaller({ subject: 'learner' });
    const update = await harness.execute(
      'mutation ($id: ID!) { updateUser(id: $id, input: { name: "Hacked" }) { name } }',
      { variables: { id: user.id }, caller },
    );
    const remove = await harness.execute('mutation ($id: ID!) { deleteUser(id: $id) }', {
      variables: { id: user.id },
      caller,
    });
    expect([...codeOf(update)!, ...codeOf(remove)!]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect((await UserModel.findById(user._id).orFail().exec()).name).toBe('Target');
  });
});

describe('updateMyProfile', () => {
  const UPDATE = /* GraphQL */ `
    mutation ($input: UpdateMyProfileInput!) {
      updateMyProfile(input: $input) {
        name
        jobTitle
        timeZone
      }
    }
  `;

  it("changes the caller's own profile", async () => {
    const user = await makeUser({ jobTitle: 'Analyst' });
    const result = await harness.execute(UPDATE, {
      variables: { input: { name: 'Renamed', timeZone: 'Europe/Paris' } },
      caller: personCaller(user),
    });
    expect(result.data).toEqual({
      updateMyProfile: { name: 'Renamed', jobTitle: 'Analyst', timeZone: 'Europe/Paris' },
    });
  });

  it('refuses to clear the name and writes nothing [BAD_USER_INPUT]', async () => {
    const user = await makeUser({ name: 'Keep Me' });
    const result = await harness.execute(UPDATE, {
      variables: { input: { name: null, jobTitle: 'Changed' } },
      caller: personCaller(user),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['name'] } }),
    ]);
    expect(await UserModel.findById(user._id).orFail().exec()).toMatchObject({
      name: 'Keep Me',
      jobTitle: null,
    });
  });
});

describe('entity references', () => {
  const ENTITIES = /* GraphQL */ `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on User {
          id
          subject
          name
        }
      }
    }
  `;

  it('resolves 50 references by id with one find', async () => {
    const users = await UserModel.insertMany(
      Array.from({ length: 50 }, (_, i) => ({
        subject: `bulk-${i}`,
        email: `bulk${i}@example.com`,
        name: `Bulk ${i}`,
      })),
    );
    const commands = harness.recordCommands();
    const result = await harness.execute(ENTITIES, {
      variables: { representations: users.map((user) => ({ __typename: 'User', id: user.id })) },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual(
      users.map((user) => ({ id: user.id, subject: user.subject, name: user.name })),
    );
    expect(commands.sent('find', 'users')).toBe(1);
  });

  it('resolves references by subject, in order, with one find for all of them', async () => {
    const [a, b] = [await makeUser({ name: 'A' }), await makeUser({ name: 'B' })];
    const commands = harness.recordCommands();
    const result = await harness.execute(ENTITIES, {
      variables: {
        representations: [
          { __typename: 'User', subject: b.subject },
          { __typename: 'User', subject: a.subject },
          { __typename: 'User', subject: 'unknown' },
        ],
      },
    });
    expect(result.data?._entities).toEqual([
      { id: b.id, subject: b.subject, name: 'B' },
      { id: a.id, subject: a.subject, name: 'A' },
      null,
    ]);
    expect(commands.sent('find', 'users')).toBe(1);
  });

  it('resolves deleted users and ids that cannot exist to null', async () => {
    const gone = await makeUser();
    await harness.execute('mutation ($id: ID!) { deleteUser(id: $id) }', {
      variables: { id: gone.id },
      caller: ADMIN_CALLER,
    });
    const result = await harness.execute(ENTITIES, {
      variables: {
        representations: [
          { __typename: 'User', id: gone.id },
          { __typename: 'User', subject: gone.subject },
          { __typename: 'User', id: 'not-an-id' },
        ],
      },
    });
    expect(result).toEqual({ data: { _entities: [null, null, null] }, errors: undefined });
  });
});
