import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BOOK,
  type Booked,
  type CoachingHarness,
  SLOTS,
  type Slots,
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

const MONDAY = { from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' };

async function slots(coachId: string, sessionTypeId: string, range = MONDAY, as = newUserId()) {
  const result = await harness.execute<Slots>(SLOTS, {
    caller: asLearner(as),
    variables: { coachId, sessionTypeId, ...range },
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.availableSlots.map(({ startsAt }) => startsAt.slice(11, 16));
}

function book(coachId: string, sessionTypeId: string, startsAt: string, coacheeId = newUserId()) {
  return harness.execute<Booked>(BOOK, {
    caller: asLearner(coacheeId),
    variables: { input: { coachId, sessionTypeId, startsAt } },
  });
}

describe('availableSlots', () => {
  it('lists starts on the type’s grid from the start of each range, whole slots only', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      hours: { start: '09:00', end: '11:00' },
      types: [{ durationMinutes: 60, slotIntervalMinutes: 30 }],
    });
    expect(await slots(coachId, typeIds[0]!)).toEqual(['09:00', '09:30', '10:00']);
  });

  it('keeps both buffers clear of a booked session of any type: the issue’s example', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [
        { name: 'Existing', durationMinutes: 60, bufferAfterMinutes: 15 },
        {
          name: 'Grid of 15',
          durationMinutes: 30,
          bufferBeforeMinutes: 10,
          slotIntervalMinutes: 15,
        },
        { name: 'Grid of 5', durationMinutes: 30, bufferBeforeMinutes: 10, slotIntervalMinutes: 5 },
      ],
    });
    const [existing, gridOf15, gridOf5] = typeIds as [string, string, string];
    const booked = await book(coachId, existing, '2027-03-01T10:00:00Z');
    expect(booked.errors).toBeUndefined();

    const offered = await slots(coachId, gridOf15);
    expect(offered.filter((at) => at >= '10:00')[0]).toBe('11:30');
    // Before it, a session may end right at 10:00 (the existing one has no before-buffer).
    expect(offered.filter((at) => at < '10:00')).toEqual(['09:00', '09:15', '09:30']);
    // On a 5-minute grid the earliest start after the session is 11:25: 11:15 + the 10-minute buffer.
    expect((await slots(coachId, gridOf5)).filter((at) => at >= '10:00')[0]).toBe('11:25');

    const offGrid = await book(coachId, gridOf15, '2027-03-01T11:25:00Z');
    expect(offGrid.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_A_SLOT',
      fields: ['startsAt'],
    });
    const tooClose = await book(coachId, gridOf5, '2027-03-01T11:20:00Z');
    expect(tooClose.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SLOT_TAKEN',
    });
    expect((await book(coachId, gridOf5, '2027-03-01T11:25:00Z')).errors).toBeUndefined();
  });

  it('leaves out what is sooner than now + minimum notice, and beyond the booking window', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ minimumNoticeMinutes: 120, bookingWindowDays: 2 }],
    });
    harness.clock.set('2027-03-01T10:10:00Z');
    const today = await slots(coachId, typeIds[0]!);
    expect(today[0]).toBe('12:15');
    const tooSoon = await book(coachId, typeIds[0]!, '2027-03-01T12:00:00Z');
    expect(tooSoon.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MINIMUM_NOTICE',
    });
    // The window ends 2 days after now: 2027-03-03T10:10Z.
    const later = await slots(coachId, typeIds[0]!, {
      from: '2027-03-03T00:00:00Z',
      to: '2027-03-04T00:00:00Z',
    });
    expect(later.at(-1)).toBe('10:00');
    const beyond = await book(coachId, typeIds[0]!, '2027-03-03T10:15:00Z');
    expect(beyond.errors?.[0]?.extensions).toMatchObject({ reason: 'BEYOND_BOOKING_WINDOW' });
  });

  it('leaves out days and weeks at their limit, and refuses a booking past it [CONFLICT]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ maxPerDay: 1, maxPerWeek: 2 }],
    });
    const type = typeIds[0]!;
    expect((await book(coachId, type, '2027-03-01T09:00:00Z')).errors).toBeUndefined();
    expect(await slots(coachId, type)).toEqual([]);
    const second = await book(coachId, type, '2027-03-01T14:00:00Z');
    expect(second.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'LIMIT_REACHED',
    });

    expect((await book(coachId, type, '2027-03-02T09:00:00Z')).errors).toBeUndefined();
    // Two this ISO week (Monday 1 to Sunday 7 March): the rest of it is full; Monday 8 is not.
    const week = await harness.execute<Slots>(SLOTS, {
      caller: asLearner(newUserId()),
      variables: {
        coachId,
        sessionTypeId: type,
        from: '2027-03-03T00:00:00Z',
        to: '2027-03-09T00:00:00Z',
      },
    });
    const days = new Set(week.data!.availableSlots.map(({ startsAt }) => startsAt.slice(0, 10)));
    expect([...days]).toEqual(['2027-03-08']);
  });

  it('answers at most 62 days [BAD_USER_INPUT]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const result = await harness.execute(SLOTS, {
      caller: asLearner(newUserId()),
      variables: {
        coachId,
        sessionTypeId: typeIds[0],
        from: '2027-03-01T00:00:00Z',
        to: '2027-05-03T00:00:00Z',
      },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['to'],
    });
  });

  it('converts the weekly hours of a coach in New York with each date’s offset', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      timeZone: 'America/New_York',
      hours: { start: '13:00', end: '18:00' },
      types: [{ durationMinutes: 60, slotIntervalMinutes: 60 }],
    });
    const onDay = (day: string) =>
      harness
        .execute<Slots>(SLOTS, {
          caller: asLearner(newUserId()),
          variables: {
            coachId,
            sessionTypeId: typeIds[0],
            from: `${day}T12:00:00Z`,
            to: `${day}T23:59:00Z`,
          },
        })
        .then((r) => r.data!.availableSlots.map((slot) => slot.startsAt));
    expect((await onDay('2027-03-12'))[0]).toBe('2027-03-12T18:00:00.000Z');
    // DST starts on Sunday 14 March 2027 in New York.
    expect((await onDay('2027-03-14'))[0]).toBe('2027-03-14T17:00:00.000Z');
    expect((await onDay('2027-03-15')).at(-1)).toBe('2027-03-15T21:00:00.000Z');
  });
});
