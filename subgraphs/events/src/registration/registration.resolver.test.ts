import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type EventsHarness,
  REGISTER,
  organiser,
  person,
  publishedEvent,
  publishedEvents,
  register,
  startEventsHarness,
} from '../testing/events-harness';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const HOUR = 3_600_000;

describe('registerForEvent', () => {
  it('confirms with seats left, with a ticket code of at least 16 characters', async () => {
    const eventId = await publishedEvent(harness, organiser(), { capacity: 2 });
    const learner = person();
    const registration = await register(harness, learner, eventId);
    expect(registration).toMatchObject({ status: 'CONFIRMED', position: null });
    expect(registration.ticketCode!.length).toBeGreaterThanOrEqual(16);
    const confirmed = await publishedEvents('registration.confirmed');
    expect(confirmed.map((event) => event.payload)).toEqual([
      expect.objectContaining({ userId: learner.userId, eventId, viaWaitlistOffer: false }),
    ]);
  });

  it('returns the existing registration when registering twice, also at once', async () => {
    const eventId = await publishedEvent(harness, organiser(), { capacity: 5 });
    const learner = person();
    const [a, b] = await Promise.all([
      register(harness, learner, eventId),
      register(harness, learner, eventId),
    ]);
    const again = await register(harness, learner, eventId);
    expect(new Set([a.id, b.id, again.id]).size).toBe(1);
    const event = await harness.execute<{ event: { seatsLeft: number } }>(
      'query ($id: ID!) { event(id: $id) { seatsLeft } }',
      { variables: { id: eventId }, caller: learner },
    );
    expect(event.data!.event.seatsLeft).toBe(4);
  });

  it('waitlists with a position when full and the waitlist is on', async () => {
    const eventId = await publishedEvent(harness, organiser(), { capacity: 1 });
    await register(harness, person(), eventId);
    const second = await register(harness, person(), eventId);
    const third = await register(harness, person(), eventId);
    expect([second, third].map(({ status, position }) => ({ status, position }))).toEqual([
      { status: 'WAITLISTED', position: 1 },
      { status: 'WAITLISTED', position: 2 },
    ]);
    const waitlisted = await publishedEvents('registration.waitlisted');
    expect(waitlisted.map((event) => event.payload.position)).toEqual([1, 2]);
  });

  it('refuses a full event without a waitlist [CONFLICT EVENT_FULL]', async () => {
    const eventId = await publishedEvent(harness, organiser(), {
      capacity: 1,
      waitlistEnabled: false,
    });
    await register(harness, person(), eventId);
    const refused = await harness.execute(REGISTER, { variables: { eventId }, caller: person() });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'EVENT_FULL',
    });
  });

  it('only while registration is open and the event is published [FORBIDDEN, NOT_FOUND]', async () => {
    const host = organiser();
    const now = harness.clock().getTime();
    const notYet = await publishedEvent(harness, host, {
      registrationOpensAt: new Date(now + HOUR).toISOString(),
    });
    const closed = await publishedEvent(harness, host, {
      registrationClosesAt: new Date(now + HOUR).toISOString(),
    });
    await harness.clock.travel(2 * HOUR);
    const draft = await harness.execute<{ createEvent: { id: string } }>(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      {
        variables: {
          input: {
            title: 'Draft',
            format: 'ONLINE',
            joinUrl: 'https://meet.example.com/x',
            timeZone: 'UTC',
            startsAt: new Date(now + 48 * HOUR).toISOString(),
            endsAt: new Date(now + 49 * HOUR).toISOString(),
            capacity: 3,
          },
        },
        caller: host,
      },
    );
    const codes = async (eventId: string) => {
      const result = await harness.execute(REGISTER, { variables: { eventId }, caller: person() });
      return result.errors?.map((error) => error.extensions);
    };
    expect(await codes(closed)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'REGISTRATION_CLOSED' }),
    ]);
    expect(await codes(draft.data!.createEvent.id)).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND' }),
    ]);
    // Registration opened an hour ago (the clock moved two).
    expect((await register(harness, person(), notYet)).status).toBe('CONFIRMED');
  });
});
