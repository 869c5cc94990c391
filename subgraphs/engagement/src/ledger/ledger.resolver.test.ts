import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { engagementDb } from '../db';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  eventually,
  lessonCompleted,
  personCaller,
  publish,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';

let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness();
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const HISTORY = /* GraphQL */ `
  query ($first: Int, $after: String) {
    myPointsHistory(first: $first, after: $after) {
      edges {
        node {
          points
          kind
          reason
          sourceEventId
          subject {
            kind
            id
            title
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface History {
  myPointsHistory: {
    edges: { node: Record<string, unknown> }[];
    pageInfo: { hasNextPage: boolean; endCursor: string };
  };
}

describe('myPointsHistory (rule 8)', () => {
  it('explains each entry in plain words with a link to its source, newest first', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const lesson = lessonCompleted(ann, { id: 'lesson-7', title: 'Giving feedback' });
    await publish(harness, lesson);
    await eventually(
      async () => (await engagementDb.collection('ledger').countDocuments({ person: ann })) === 1,
    );
    await harness.execute(
      'mutation ($id: ID!) { awardPoints(userId: $id, points: 15, reason: "Ran the book club") { id } }',
      { variables: { id: ann }, caller: adminCaller() },
    );

    const first = await harness.execute<History>(HISTORY, {
      variables: { first: 1 },
      caller: personCaller(ann),
    });
    expect(first.data!.myPointsHistory.edges.map((edge) => edge.node)).toEqual([
      {
        points: 15,
        kind: 'MANUAL',
        reason: 'Awarded by an administrator: Ran the book club',
        sourceEventId: null,
        subject: null,
      },
    ]);
    expect(first.data!.myPointsHistory.pageInfo.hasNextPage).toBe(true);
    const next = await harness.execute<History>(HISTORY, {
      variables: { first: 1, after: first.data!.myPointsHistory.pageInfo.endCursor },
      caller: personCaller(ann),
    });
    expect(next.data!.myPointsHistory.edges.map((edge) => edge.node)).toEqual([
      {
        points: 10,
        kind: 'RULE',
        reason: "Completed lesson 'Giving feedback'",
        sourceEventId: lesson.id,
        subject: { kind: 'LESSON', id: 'lesson-7', title: 'Giving feedback' },
      },
    ]);
  });

  it('is for signed-in people with a profile [UNAUTHENTICATED]', async () => {
    const result = await harness.execute(HISTORY);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
