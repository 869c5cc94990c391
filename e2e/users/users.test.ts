import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INTERNAL_TOKEN_HEADER, createInternalTokens, Role } from '@weace/service-kit';
import { MeDocument, UpdateMyProfileDocument } from '@weace/client';
import { type TestStack, demoPerson, person, startTestStack } from '@weace/test-kit';

/** End to end through the gateway: the users subgraph as client apps use it. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true });
});
afterAll(() => stack.stop());

// Demo people sign in for real: cognito-local accounts, seeded with their profiles.
const admin = demoPerson('ada.admin@weace.dev');
const liam = demoPerson('liam.learner@weace.dev');
const mia = demoPerson('mia.martin@weace.dev');

const ME = /* GraphQL */ `
  query {
    me {
      id
      name
      email
      bio
      timeZone
      roles
      preferences {
        theme
      }
    }
  }
`;

describe('profiles', () => {
  it('shows the signed-in person their own profile', async () => {
    const { data, errors } = await stack.graphql(ME, { as: liam });
    expect(errors).toBeUndefined();
    expect(data?.me).toMatchObject({
      name: 'Liam Learner',
      email: 'liam.learner@weace.dev',
      roles: ['LEARNER'],
    });
  });

  it('updates my profile and reads it back, through the typed client', async () => {
    const update = await stack.graphql(UpdateMyProfileDocument, {
      as: liam,
      variables: { input: { bio: 'Learning TypeScript', timeZone: 'Europe/Lisbon' } },
    });
    expect(update.errors).toBeUndefined();
    expect(update.data?.updateMyProfile).toMatchObject({
      bio: 'Learning TypeScript',
      timeZone: 'Europe/Lisbon',
    });
    const { data } = await stack.graphql(MeDocument, { as: liam });
    expect(data?.me?.timeZone).toBe('Europe/Lisbon');
  });

  it('refuses an invalid time zone naming the field, and writes nothing [BAD_USER_INPUT]', async () => {
    const { data, errors } = await stack.graphql(
      /* GraphQL */ `
        mutation {
          updateMyProfile(input: { bio: "should not be saved", timeZone: "Mars/Olympus_Mons" }) {
            bio
          }
        }
      `,
      { as: mia },
    );
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['timeZone'] });
    expect(errors?.[0]?.message).toContain('timeZone');
    const after = await stack.graphql(ME, { as: mia });
    expect((after.data?.me as { bio: unknown }).bio).not.toBe('should not be saved');
  });

  it('asks for a token on protected fields [UNAUTHENTICATED]', async () => {
    const { errors } = await stack.graphql(ME);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an invalid bearer token with HTTP 401 [UNAUTHENTICATED]', async () => {
    const response = await stack.graphql(ME, { token: 'not-a-jwt' });
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('shows preferences only to the person themself and admins', async () => {
    const liamId = ((await stack.graphql(ME, { as: liam })).data?.me as { id: string }).id;
    const query = /* GraphQL */ `
      query ($id: ID!) {
        user(id: $id) {
          preferences {
            theme
          }
        }
      }
    `;
    const byMia = await stack.graphql(query, { as: mia, variables: { id: liamId } });
    const byAdmin = await stack.graphql(query, { as: admin, variables: { id: liamId } });
    expect(byMia.data?.user).toEqual({ preferences: null });
    expect((byAdmin.data?.user as { preferences: unknown }).preferences).not.toBeNull();
  });
});

describe('admin operations', () => {
  const CREATE = /* GraphQL */ `
    mutation ($input: CreateUserInput!) {
      createUser(input: $input) {
        id
        email
        roles
        status
      }
    }
  `;

  it('lets an admin create, update and soft-delete a user, who then vanishes from lists and search', async () => {
    const newcomer = person();
    const created = await stack.graphql<{ createUser: { id: string } }>(CREATE, {
      as: admin,
      variables: {
        input: {
          subject: randomUUID(),
          email: newcomer.email,
          name: 'Zed Zebra',
          roles: ['COACH'],
        },
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.createUser.id;

    const updated = await stack.graphql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          updateUser(id: $id, input: { department: "Zoology" }) {
            department
          }
        }
      `,
      { as: admin, variables: { id } },
    );
    expect(updated.data?.updateUser).toEqual({ department: 'Zoology' });

    const search = /* GraphQL */ `
      {
        searchUsers(query: "zebra") {
          totalCount
        }
      }
    `;
    expect((await stack.graphql(search, { as: liam })).data?.searchUsers).toEqual({
      totalCount: 1,
    });

    const deleted = await stack.graphql(
      /* GraphQL */ `
        mutation ($id: ID!) {
          deleteUser(id: $id)
        }
      `,
      { as: admin, variables: { id } },
    );
    expect(deleted.data?.deleteUser).toBe(true);
    expect((await stack.graphql(search, { as: liam })).data?.searchUsers).toEqual({
      totalCount: 0,
    });
    const lookup = await stack.graphql(`query ($id: ID!) { user(id: $id) { id } }`, {
      as: admin,
      variables: { id },
    });
    expect(lookup.data?.user).toBeNull();
  });

  it('refuses a second account with a taken email [CONFLICT]', async () => {
    const { errors } = await stack.graphql(CREATE, {
      as: admin,
      variables: {
        input: { subject: randomUUID(), email: 'liam.learner@weace.dev', name: 'Liam Again' },
      },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses admin operations to a learner [FORBIDDEN]', async () => {
    const intruder = person();
    const { errors } = await stack.graphql(CREATE, {
      as: liam,
      variables: { input: { subject: randomUUID(), email: intruder.email, name: 'Not Allowed' } },
    });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const search = await stack.graphql(`{ searchUsers(query: "Not Allowed") { totalCount } }`, {
      as: admin,
    });
    expect(search.data?.searchUsers).toEqual({ totalCount: 0 });
  });
});

describe('search and pagination', () => {
  const PAGE = /* GraphQL */ `
    query ($first: Int!, $after: String) {
      users(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            email
          }
        }
      }
    }
  `;
  type Page = {
    users: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { email: string } }[];
    };
  };

  it('pages through every user with stable cursors, each once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let pages = 0; pages < 20; pages++) {
      const { data, errors }: { data?: Page | null; errors?: unknown } = await stack.graphql<Page>(
        PAGE,
        {
          as: liam,
          variables: { first: 3, after },
        },
      );
      expect(errors).toBeUndefined();
      total = data!.users.totalCount;
      seen.push(...data!.users.edges.map((edge) => edge.node.email));
      if (!data!.users.pageInfo.hasNextPage) break;
      after = data!.users.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(8);
  });

  it('bounds the page size [BAD_USER_INPUT]', async () => {
    const { errors } = await stack.graphql(PAGE, { as: liam, variables: { first: 1000 } });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first'] });
  });

  it('searches name, email and department case-insensitively, regex characters literally', async () => {
    const search = (query: string) =>
      stack.graphql<{ searchUsers: { edges: { node: { name: string } }[] } }>(
        `query ($q: String!) { searchUsers(query: $q) { edges { node { name } } } }`,
        { as: liam, variables: { q: query } },
      );
    const names = async (query: string) =>
      (await search(query)).data!.searchUsers.edges.map((e) => e.node.name).sort();
    expect(await names('ENGINEERING')).toEqual(['Liam Learner', 'Noah Nguyen']);
    expect(await names('carla.coach@')).toEqual(['Carla Coach']);
    expect(await names('.*')).toEqual([]);
  });
});

describe('followers', () => {
  it('follows idempotently, counts, and unfollows', async () => {
    const carla = (
      await stack.graphql<{ searchUsers: { edges: { node: { id: string } }[] } }>(
        `{ searchUsers(query: "Carla") { edges { node { id } } } }`,
        { as: liam },
      )
    ).data!.searchUsers.edges[0]!.node.id;
    const follow = `mutation ($id: ID!) { follow(userId: $id) { followersCount } }`;
    await stack.graphql(follow, { as: liam, variables: { id: carla } });
    const twice = await stack.graphql(follow, { as: liam, variables: { id: carla } });
    expect(twice.data?.follow).toEqual({ followersCount: 1 });
    const mine = await stack.graphql(
      `{ me { followingCount following(first: 5) { edges { node { name } } } } }`,
      {
        as: liam,
      },
    );
    expect(mine.data?.me).toEqual({
      followingCount: 1,
      following: { edges: [{ node: { name: 'Carla Coach' } }] },
    });
    const unfollow = await stack.graphql(
      `mutation ($id: ID!) { unfollow(userId: $id) { followersCount } }`,
      {
        as: liam,
        variables: { id: carla },
      },
    );
    expect(unfollow.data?.unfollow).toEqual({ followersCount: 0 });
  });

  it('refuses to follow oneself [BAD_USER_INPUT]', async () => {
    const me = (await stack.graphql<{ me: { id: string } }>(`{ me { id } }`, { as: mia })).data!.me
      .id;
    const { errors } = await stack.graphql(`mutation ($id: ID!) { follow(userId: $id) { id } }`, {
      as: mia,
      variables: { id: me },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['userId'] });
  });
});

describe('subgraphs behind the gateway', () => {
  const query = JSON.stringify({ query: '{ me { id } }' });
  const post = (headers: Record<string, string>) =>
    fetch(stack.subgraphUrls.users!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: query,
    });

  it('refuses a request sent straight to a subgraph without the gateway token [UNAUTHENTICATED]', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('refuses a forged internal token claiming to be an admin [UNAUTHENTICATED]', async () => {
    const forger = createInternalTokens({
      secret: 'guessed-secret-guessed-secret-guessed!',
      service: 'gateway',
    });
    const forged = await forger.sign(
      { kind: 'user', identity: { sub: 'demo-admin', roles: [Role.Admin] } },
      { audience: 'users' },
    );
    const response = await post({ [INTERNAL_TOKEN_HEADER]: forged });
    expect(response.status).toBe(401);
  });

  it('reports every subgraph on the admin port, and their status only in readiness', async () => {
    const report = await (await fetch(new URL('/health/subgraphs', stack.adminUrl))).json();
    expect(report).toMatchObject({ status: 'ok', subgraphs: { users: { status: 'up' } } });
    const ready = await (await fetch(new URL('/ready', stack.gatewayUrl))).json();
    expect(ready).toMatchObject({ status: 'ready', subgraphs: { users: 'up', auth: 'up' } });
  });

  it('echoes the correlation id it was given', async () => {
    const response = await stack.graphql(ME, {
      as: liam,
      headers: { 'x-request-id': 'trace-me-42' },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
  });
});
