import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { RecommendationModel, recommendationsSubgraph } from './recommendations.subgraph';

let stack: TestStack;
const admin = person(Role.Admin);

beforeAll(async () => {
  stack = await startTestStack({ extraSubgraphs: [recommendationsSubgraph] });
  await stack.createProfile(admin);
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    const someone = person();
    const { data } = await stack.graphql<{ createUser: { id: string } }>(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        as: admin,
        variables: { input: { subject: randomUUID(), email: someone.email, name: `Person ${i}` } },
      },
    );
    ids.push(data!.createUser.id);
  }
  await RecommendationModel.insertMany(
    ids.map((id, i) => ({ title: `Read #${i}`, recommendedById: id })),
  );
});
afterAll(() => stack.stop());

function delta(before: Record<string, number>, after: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(after)
      .map(([key, value]) => [key, value - (before[key] ?? 0)] as const)
      .filter(([, value]) => value > 0),
  );
}

describe('a list of 50 items with a field from another subgraph', () => {
  it('resolves with one database query per subgraph, not one per item', async () => {
    // The gateway looks up the caller's User.id in users once a minute per person with a
    // profile: done now, so the counts below are the list's alone.
    await stack.graphql('{ me { id } }', { as: admin });
    const before = {
      users: await stack.dbCommands('users'),
      recs: await stack.dbCommands('recommendations'),
    };
    const { data, errors } = await stack.graphql<{
      recommendations: { title: string; recommendedBy: { name: string; followersCount: number } }[];
    }>(`{ recommendations { title recommendedBy { name email followersCount } } }`, { as: admin });
    expect(errors).toBeUndefined();
    expect(data!.recommendations).toHaveLength(50);
    expect(data!.recommendations[7]).toMatchObject({
      title: 'Read #7',
      recommendedBy: { name: 'Person 7', followersCount: 0 },
    });

    expect(delta(before.recs, await stack.dbCommands('recommendations'))).toEqual({
      'find recommendations': 1,
    });
    // One batched lookup of the 50 users, one batched count of their followers.
    expect(delta(before.users, await stack.dbCommands('users'))).toEqual({
      'find users': 1,
      'aggregate follows': 1,
    });
  });
});
