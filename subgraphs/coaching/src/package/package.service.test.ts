import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BOOK,
  type Booked,
  type CoachingHarness,
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
beforeEach(async () => {
  await harness.clear();
  harness.clock.set('2027-02-28T00:00:00Z');
});

const GRANT = /* GraphQL */ `
  mutation ($userId: ID!, $sessions: Int!, $validUntil: DateTime!) {
    grantCoachingPackage(userId: $userId, sessions: $sessions, validUntil: $validUntil) {
      id
      remaining
    }
  }
`;

const MINE = /* GraphQL */ `
  query {
    myCoachingPackage {
      granted
      used
      remaining
      validUntil
    }
  }
`;

interface Summary {
  myCoachingPackage: {
    granted: number;
    used: number;
    remaining: number;
    validUntil: string | null;
  };
}

async function grant(userId: string, sessions: number, validUntil = '2027-06-30T00:00:00Z') {
  const result = await harness.execute(GRANT, {
    caller: asAdmin(newUserId()),
    variables: { userId, sessions, validUntil },
  });
  expect(result.errors).toBeUndefined();
}

async function mine(userId: string) {
  const result = await harness.execute<Summary>(MINE, { caller: asLearner(userId) });
  return result.data!.myCoachingPackage;
}

function book(coachId: string, sessionTypeId: string, startsAt: string, coacheeId: string) {
  return harness.execute<Booked>(BOOK, {
    caller: asLearner(coacheeId),
    variables: { input: { coachId, sessionTypeId, startsAt } },
  });
}

const packageType = {
  name: 'Executive coaching',
  requiresPackage: true,
  cancellationNoticeMinutes: 24 * 60,
};

describe('coaching packages', () => {
  it('refuses a type that requires a package to someone without a credit [FORBIDDEN NO_PACKAGE_CREDIT]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, { types: [packageType, {}] });
    const coachee = newUserId();
    const refused = await book(coachId, typeIds[0]!, '2027-03-01T10:00:00Z', coachee);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NO_PACKAGE_CREDIT',
    });
    // The open type needs none.
    expect(
      (await book(coachId, typeIds[1]!, '2027-03-01T10:00:00Z', coachee)).errors,
    ).toBeUndefined();
  });

  it('spends a credit per booking, refunds an in-time cancellation, keeps a late one and a no-show', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, { types: [packageType] });
    const coachee = newUserId();
    await grant(coachee, 3, '2027-06-30T00:00:00Z');
    expect(await mine(coachee)).toEqual({
      granted: 3,
      used: 0,
      remaining: 3,
      validUntil: '2027-06-30T00:00:00.000Z',
    });
    const sessions = [];
    for (const at of ['2027-03-01T09:00:00Z', '2027-03-01T11:00:00Z', '2027-03-01T13:00:00Z']) {
      const result = await book(coachId, typeIds[0]!, at, coachee);
      sessions.push(result.data!.bookSession.id);
    }
    expect(await mine(coachee)).toMatchObject({ used: 3, remaining: 0, validUntil: null });
    const fourth = await book(coachId, typeIds[0]!, '2027-03-01T15:00:00Z', coachee);
    expect(fourth.errors?.[0]?.extensions).toMatchObject({ reason: 'NO_PACKAGE_CREDIT' });

    const cancel = `mutation ($id: ID!, $reason: String) { cancelSession(id: $id, reason: $reason) { status } }`;
    await harness.execute(cancel, { caller: asLearner(coachee), variables: { id: sessions[0] } });
    expect(await mine(coachee)).toMatchObject({ used: 2, remaining: 1 });

    // Inside the 24 h notice: only the coach may cancel, and the credit stays used.
    harness.clock.set('2027-03-01T08:00:00Z');
    await harness.execute(cancel, {
      caller: asCoach(coachId),
      variables: { id: sessions[1], reason: 'Ill' },
    });
    harness.clock.set('2027-03-01T14:00:00Z');
    await harness.execute(
      `mutation ($id: ID!) { completeSession(id: $id, noShow: true) { status } }`,
      {
        caller: asCoach(coachId),
        variables: { id: sessions[2] },
      },
    );
    expect(await mine(coachee)).toMatchObject({ used: 2, remaining: 1 });
  });

  it('refuses a booking after validUntil [FORBIDDEN NO_PACKAGE_CREDIT]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, { types: [packageType] });
    const coachee = newUserId();
    await grant(coachee, 2, '2027-03-01T00:00:00Z');
    harness.clock.set('2027-03-01T00:00:01Z');
    const result = await book(coachId, typeIds[0]!, '2027-03-01T10:00:00Z', coachee);
    expect(result.errors?.[0]?.extensions).toMatchObject({ reason: 'NO_PACKAGE_CREDIT' });
    expect(await mine(coachee)).toMatchObject({ granted: 0, remaining: 0 });
  });

  it('spends the last credit once under concurrent bookings', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, { types: [packageType] });
    const coachee = newUserId();
    await grant(coachee, 1);
    const starts = ['09:00', '10:00', '11:00', '12:00', '13:00', '14:00'];
    const results = await Promise.all(
      starts.map((at) => book(coachId, typeIds[0]!, `2027-03-01T${at}:00Z`, coachee)),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'NO_PACKAGE_CREDIT' });
    }
    expect(await mine(coachee)).toMatchObject({ used: 1, remaining: 0 });
  });

  it('is granted by ADMIN only [FORBIDDEN], with valid input [BAD_USER_INPUT]', async () => {
    const coachee = newUserId();
    const byLearner = await harness.execute(GRANT, {
      caller: asLearner(newUserId()),
      variables: { userId: coachee, sessions: 5, validUntil: '2027-06-30T00:00:00Z' },
    });
    expect(byLearner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const zero = await harness.execute(GRANT, {
      caller: asAdmin(newUserId()),
      variables: { userId: coachee, sessions: 0, validUntil: '2027-06-30T00:00:00Z' },
    });
    expect(zero.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['sessions'],
    });
    expect(await mine(coachee)).toMatchObject({ granted: 0 });
  });
});
