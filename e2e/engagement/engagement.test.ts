import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import mongoose from 'mongoose';
import { type TestStack, person, startTestStack } from '@weace/test-kit';

/** End to end through the gateway: points, levels and boards as the apps use them. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

async function eventually(condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const MY_ENGAGEMENT = /* GraphQL */ `
  query {
    myEngagement {
      points
      level {
        number
        name
        pointsToNext
      }
      currentStreak
      longestStreak
      badges {
        name
      }
    }
  }
`;

const BOARD = /* GraphQL */ `
  query {
    leaderboard(period: WEEK, first: 10) {
      entries {
        rank
        points
        user {
          id
          name
          engagement {
            level {
              name
            }
          }
        }
      }
      myRank
    }
  }
`;

describe('engagement through the gateway', () => {
  it('credits concurrent awards exactly, announces each level once, and ranks them with their names from users', async () => {
    const admin = person(Role.Admin);
    const ann = person();
    const bob = person();
    await stack.createProfile(admin);
    const annProfile = await stack.createProfile(ann);
    const bobProfile = await stack.createProfile(bob);
    // user.registered reaches engagement asynchronously: until then, an award finds nobody.
    const award = (userId: string, points: number) =>
      stack.graphql(
        /* GraphQL */ `
          mutation ($userId: ID!, $points: Int!) {
            awardPoints(userId: $userId, points: $points, reason: "Mentoring") {
              points
            }
          }
        `,
        { as: admin, variables: { userId, points } },
      );
    await eventually(async () => !(await award(bobProfile.id, 30)).errors);

    const results = await Promise.all(Array.from({ length: 10 }, () => award(annProfile.id, 30)));
    expect(results.map((result) => result.errors)).toEqual(Array(10).fill(undefined));

    const mine = await stack.graphql(MY_ENGAGEMENT, { as: ann });
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.myEngagement).toEqual({
      points: 300,
      level: { number: 3, name: 'Achiever', pointsToNext: 200 },
      currentStreak: 1,
      longestStreak: 1,
      badges: [],
    });

    const engagementDb = await mongoose
      .createConnection(stack.mongoUri!, { dbName: 'weace_engagement' })
      .asPromise();
    const levels = await engagementDb
      .db!.collection('outbox')
      .find({ 'envelope.type': 'level.reached', 'envelope.payload.userId': annProfile.id })
      .sort({ _id: 1 })
      .toArray();
    await engagementDb.close();
    expect(levels.map((record) => record.envelope.payload.level)).toEqual([2, 3]);

    const board = await stack.graphql(BOARD, { as: bob });
    expect(board.errors).toBeUndefined();
    expect(board.data?.leaderboard).toEqual({
      entries: [
        {
          rank: 1,
          points: 300,
          user: { id: annProfile.id, name: ann.name, engagement: { level: { name: 'Achiever' } } },
        },
        {
          rank: 2,
          points: 30,
          user: { id: bobProfile.id, name: bob.name, engagement: { level: { name: 'Newcomer' } } },
        },
      ],
      myRank: 2,
    });
    // Three real sign-ins, then ten concurrent transactions on one person: slow on a loaded machine.
  }, 90_000);

  it('refuses awards to anyone but ADMIN [FORBIDDEN]', async () => {
    const learner = person();
    const profile = await stack.createProfile(learner);
    const { errors } = await stack.graphql(
      `mutation ($id: ID!) { awardPoints(userId: $id, points: 5, reason: "Me") { points } }`,
      { as: learner, variables: { id: profile.id } },
    );
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
