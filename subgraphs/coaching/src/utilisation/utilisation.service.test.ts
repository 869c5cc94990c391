import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serviceDatabase } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import {
  BOOK,
  type Booked,
  type CoachingHarness,
  announcePerson,
  asAdmin,
  asCoach,
  asLearner,
  newUserId,
  setUpCoach,
  startCoachingHarness,
} from '../testing/coaching-harness';

let harness: CoachingHarness;
beforeAll(async () => {
  harness = await startCoachingHarness('2027-02-28T00:00:00Z');
});
afterAll(() => harness.stop());

const UTILISATION = /* GraphQL */ `
  query ($department: String) {
    coachingUtilisation(department: $department) {
      department
      people
      sessionsGranted
      sessionsUsed
      completed
      noShows
    }
  }
`;

describe('coachingUtilisation', () => {
  it('shows ADMIN a department’s aggregates only, and nobody else anything [FORBIDDEN]', async () => {
    const [ana, ben, sara] = [newUserId(), newUserId(), newUserId()];
    await announcePerson(harness, { id: ana, department: 'Engineering' });
    await announcePerson(harness, { id: ben, department: 'Engineering' });
    await announcePerson(harness, { id: sara, department: 'Sales' });
    await eventually(
      async () => (await serviceDatabase('coaching').collection('people').countDocuments()) === 3,
    );
    const admin = asAdmin(newUserId());
    for (const [userId, sessions] of [
      [ana, 4],
      [ben, 2],
      [sara, 5],
    ] as const) {
      await harness.execute(
        `mutation ($userId: ID!, $sessions: Int!) {
          grantCoachingPackage(userId: $userId, sessions: $sessions, validUntil: "2027-12-31T00:00:00Z") { id }
        }`,
        { caller: admin, variables: { userId, sessions } },
      );
    }
    const { coachId, typeIds } = await setUpCoach(harness, { types: [{ requiresPackage: true }] });
    const book = async (coacheeId: string, startsAt: string) =>
      (
        await harness.execute<Booked>(BOOK, {
          caller: asLearner(coacheeId),
          variables: { input: { coachId, sessionTypeId: typeIds[0], startsAt } },
        })
      ).data!.bookSession.id;
    const held = await book(ana, '2027-03-01T09:00:00Z');
    const missed = await book(ben, '2027-03-01T11:00:00Z');
    await book(sara, '2027-03-01T13:00:00Z');
    harness.clock.set('2027-03-01T12:00:00Z');
    const complete = `mutation ($id: ID!, $noShow: Boolean) { completeSession(id: $id, noShow: $noShow) { id } }`;
    await harness.execute(complete, { caller: asCoach(coachId), variables: { id: held } });
    await harness.execute(complete, {
      caller: asCoach(coachId),
      variables: { id: missed, noShow: true },
    });

    const result = await harness.execute(UTILISATION, {
      caller: admin,
      variables: { department: 'Engineering' },
    });
    expect(result.data?.coachingUtilisation).toEqual({
      department: 'Engineering',
      people: 2,
      sessionsGranted: 6,
      sessionsUsed: 2,
      completed: 1,
      noShows: 1,
    });
    const refused = await harness.execute(UTILISATION, {
      caller: asCoach(coachId),
      variables: { department: 'Engineering' },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
