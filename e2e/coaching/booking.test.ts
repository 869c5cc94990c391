import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/** End to end through the gateway: booking under real concurrency, with real logins. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

const SLOTS = /* GraphQL */ `
  query ($coachId: ID!, $sessionTypeId: ID!, $from: DateTime!, $to: DateTime!) {
    availableSlots(coachId: $coachId, sessionTypeId: $sessionTypeId, from: $from, to: $to) {
      startsAt
    }
  }
`;

const BOOK = /* GraphQL */ `
  mutation ($input: BookSessionInput!) {
    bookSession(input: $input) {
      id
      startsAt
    }
  }
`;

const RESCHEDULE = /* GraphQL */ `
  mutation ($id: ID!, $startsAt: DateTime!) {
    rescheduleSession(id: $id, startsAt: $startsAt) {
      id
      startsAt
      rescheduledFrom {
        id
        status
      }
    }
  }
`;

interface Coach {
  readonly id: string;
  readonly types: string[];
}

/** A coach with a profile, hours every day in `timeZone` and one session type per entry. */
async function coachWith(timeZone: string, types: Record<string, unknown>[]): Promise<Coach> {
  const coach = person(Role.Coach);
  const { id } = await stack.createProfile(coach);
  const setUp = async (query: string, variables: Record<string, unknown>) => {
    const result = await stack.graphql<Record<string, { id: string }>>(query, {
      as: coach,
      variables,
    });
    expect(result.errors).toBeUndefined();
    return Object.values(result.data!)[0]!.id;
  };
  await setUp(
    `mutation ($input: CoachProfileInput!) { upsertMyCoachProfile(input: $input) { id } }`,
    { input: { bio: 'Coach', timeZone } },
  );
  await setUp(`mutation ($input: AvailabilityInput!) { setMyAvailability(input: $input) { id } }`, {
    input: { timeZone, weekly: DAYS.map((day) => ({ day, start: '08:00', end: '20:00' })) },
  });
  const ids: string[] = [];
  for (const type of types) {
    ids.push(
      await setUp(
        `mutation ($input: SessionTypeInput!) { createSessionType(input: $input) { id } }`,
        {
          input: { name: 'Session', durationMinutes: 60, slotIntervalMinutes: 60, ...type },
        },
      ),
    );
  }
  return { id, types: ids };
}

async function learners(count: number): Promise<TestPerson[]> {
  const people = Array.from({ length: count }, () => person());
  await Promise.all(people.map((someone) => stack.createProfile(someone)));
  return people;
}

async function firstSlot(coach: Coach, type = coach.types[0]!, as?: TestPerson): Promise<string> {
  const from = new Date(Date.now() + 2 * 86_400_000);
  const { data, errors } = await stack.graphql<{ availableSlots: { startsAt: string }[] }>(SLOTS, {
    as: as ?? (await learners(1))[0],
    variables: {
      coachId: coach.id,
      sessionTypeId: type,
      from: from.toISOString(),
      to: new Date(from.getTime() + 2 * 86_400_000).toISOString(),
    },
  });
  expect(errors).toBeUndefined();
  return data!.availableSlots[0]!.startsAt;
}

describe('no double booking, ever', () => {
  it('accepts exactly one of 20 concurrent bookings of one slot; the others get CONFLICT (SLOT_TAKEN)', async () => {
    const coach = await coachWith('Europe/Paris', [{}]);
    const coachees = await learners(20);
    const startsAt = await firstSlot(coach);
    const results = await Promise.all(
      coachees.map((as) =>
        stack.graphql(BOOK, {
          as,
          variables: { input: { coachId: coach.id, sessionTypeId: coach.types[0], startsAt } },
        }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    const refusals = results.flatMap((result) => result.errors ?? []);
    expect(refusals).toHaveLength(19);
    for (const refusal of refusals) {
      expect(refusal.extensions).toMatchObject({ code: 'CONFLICT', reason: 'SLOT_TAKEN' });
    }
    const after = await firstSlot(coach);
    expect(after).not.toBe(startsAt);
  });

  it('holds across session types of one coach', async () => {
    const coach = await coachWith('America/New_York', [
      { name: 'Hour' },
      { name: 'Half hour', durationMinutes: 30, slotIntervalMinutes: 30 },
    ]);
    const coachees = await learners(10);
    const startsAt = await firstSlot(coach);
    const results = await Promise.all(
      coachees.map((as, i) =>
        stack.graphql(BOOK, {
          as,
          variables: { input: { coachId: coach.id, sessionTypeId: coach.types[i % 2], startsAt } },
        }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.reason === 'SLOT_TAKEN')).toHaveLength(
      9,
    );
  });

  it('holds for a coachee booking two coaches at the same time', async () => {
    const [first, second] = [await coachWith('UTC', [{}]), await coachWith('UTC', [{}])];
    const [coachee] = await learners(1);
    const startsAt = await firstSlot(first);
    const results = await Promise.all(
      [first, second].map((coach) =>
        stack.graphql(BOOK, {
          as: coachee,
          variables: { input: { coachId: coach.id, sessionTypeId: coach.types[0], startsAt } },
        }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SLOT_TAKEN',
    });
  });

  it('returns the same session for the same idempotencyKey, even sent concurrently', async () => {
    const coach = await coachWith('UTC', [{}]);
    const [coachee] = await learners(1);
    const startsAt = await firstSlot(coach);
    const input = {
      coachId: coach.id,
      sessionTypeId: coach.types[0],
      startsAt,
      idempotencyKey: randomUUID(),
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        stack.graphql<{ bookSession: { id: string } }>(BOOK, { as: coachee, variables: { input } }),
      ),
    );
    expect(results.map((result) => result.errors)).toEqual(Array(5).fill(undefined));
    expect(new Set(results.map((result) => result.data!.bookSession.id)).size).toBe(1);
  });
});

describe('rescheduling', () => {
  it('moves one of two sessions racing for the same target; the loser keeps its own slot', async () => {
    const coach = await coachWith('UTC', [{}]);
    const [alice, bob] = await learners(2);
    const from = new Date(Date.now() + 3 * 86_400_000);
    const { data } = await stack.graphql<{ availableSlots: { startsAt: string }[] }>(SLOTS, {
      as: alice,
      variables: {
        coachId: coach.id,
        sessionTypeId: coach.types[0],
        from: from.toISOString(),
        to: new Date(from.getTime() + 86_400_000).toISOString(),
      },
    });
    const [slotA, slotB, target] = data!.availableSlots.map((slot) => slot.startsAt);
    const book = (as: TestPerson, startsAt: string) =>
      stack
        .graphql<{ bookSession: { id: string } }>(BOOK, {
          as,
          variables: { input: { coachId: coach.id, sessionTypeId: coach.types[0], startsAt } },
        })
        .then((result) => result.data!.bookSession.id);
    const [a, b] = [await book(alice!, slotA!), await book(bob!, slotB!)];

    const results = await Promise.all(
      [
        [alice!, a],
        [bob!, b],
      ].map(([as, id]) =>
        stack.graphql<{ rescheduleSession: { id: string } }>(RESCHEDULE, {
          as: as as TestPerson,
          variables: { id, startsAt: target },
        }),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.find((r) => r.errors)?.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SLOT_TAKEN',
    });
    const MINE = `{ mySessions(filter: { status: BOOKED }) { edges { node { startsAt } } } }`;
    const held = await Promise.all(
      [alice!, bob!].map((as) =>
        stack
          .graphql<{ mySessions: { edges: { node: { startsAt: string } }[] } }>(MINE, { as })
          .then((result) => result.data!.mySessions.edges.map((edge) => edge.node.startsAt)),
      ),
    );
    // Each still holds exactly one slot: the winner the target, the loser their own.
    expect(held.map((slots) => slots.length)).toEqual([1, 1]);
    expect(held.flat().sort()).toEqual([target!, results[0]!.errors ? slotA! : slotB!].sort());
  });
});
