import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import {
  type UsersHarness,
  makeUser,
  personCaller,
  startUsersHarness,
} from '../testing/users-harness';
import { UserModel } from '../user/user.model';
import { FollowModel } from './follow.model';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const viewer = personCaller({ subject: 'viewer' }, [Role.Learner]);

describe('follow and unfollow mutations', () => {
  it('return the followed user with its new count', async () => {
    const [ann, bob] = [await makeUser(), await makeUser()];
    const follow = await harness.execute(
      'mutation ($id: ID!) { follow(userId: $id) { id followersCount } }',
      { variables: { id: bob.id }, caller: personCaller(ann) },
    );
    expect(follow.data).toEqual({ follow: { id: bob.id, followersCount: 1 } });

    const unfollow = await harness.execute(
      'mutation ($id: ID!) { unfollow(userId: $id) { id followersCount } }',
      { variables: { id: bob.id }, caller: personCaller(ann) },
    );
    expect(unfollow.data).toEqual({ unfollow: { id: bob.id, followersCount: 0 } });
  });

  it('refuses self-follow naming userId [BAD_USER_INPUT]', async () => {
    const ann = await makeUser();
    const result = await harness.execute('mutation ($id: ID!) { follow(userId: $id) { id } }', {
      variables: { id: ann.id },
      caller: personCaller(ann),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['userId'] } }),
    ]);
  });

  it('are for signed-in people only [UNAUTHENTICATED]', async () => {
    const bob = await makeUser();
    const result = await harness.execute('mutation ($id: ID!) { follow(userId: $id) { id } }', {
      variables: { id: bob.id },
    });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('followers on a list of users', () => {
  it('costs the same few queries for 30 users as for one', async () => {
    const users = await UserModel.insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        subject: `listed-${i}`,
        email: `listed${i}@example.com`,
        name: `Listed ${i}`,
      })),
    );
    // Each user follows the next three (wrapping around): 3 followers and 3 followed each.
    await FollowModel.insertMany(
      users.flatMap((user, i) =>
        [1, 2, 3].map((step) => ({ follower: user._id, followee: users[(i + step) % 30]!._id })),
      ),
    );

    const commands = harness.recordCommands();
    const result = await harness.execute<{
      users: {
        edges: {
          node: {
            name: string;
            followersCount: number;
            followingCount: number;
            followers: { totalCount: number; edges: { node: { name: string } }[] };
          };
        }[];
      };
    }>(
      /* GraphQL */ `
        {
          users(first: 30) {
            edges {
              node {
                name
                followersCount
                followingCount
                followers(first: 2) {
                  totalCount
                  edges {
                    node {
                      name
                    }
                  }
                }
              }
            }
          }
        }
      `,
      { caller: viewer },
    );

    expect(result.errors).toBeUndefined();
    const nodes = result.data!.users.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(30);
    expect(nodes[5]).toEqual({
      name: 'Listed 5',
      followersCount: 3,
      followingCount: 3,
      followers: {
        totalCount: 3,
        edges: [{ node: { name: 'Listed 2' } }, { node: { name: 'Listed 3' } }],
      },
    });
    // The page of users, then one batch each: follower pages, both counts, the followers' profiles.
    expect(commands.sent('find', 'users')).toBe(2);
    expect(commands.sent('aggregate', 'follows')).toBe(3);
  });
});
