import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Caller } from '@weace/service-kit';
import {
  type EventsHarness,
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

const CHECK_IN = /* GraphQL */ `
  mutation ($eventId: ID!, $ticketCode: String!, $nonce: String!) {
    checkIn(eventId: $eventId, ticketCode: $ticketCode, nonce: $nonce) {
      result
      checkedInAt
      registration {
        id
        status
      }
    }
  }
`;

interface Scan {
  result: string;
  checkedInAt: string | null;
  registration: { id: string; status: string } | null;
}

let nonces = 0;
async function scan(
  by: Caller,
  eventId: string,
  ticketCode: string,
  nonce = `nonce-${++nonces}-x`,
) {
  const response = await harness.execute<{ checkIn: Scan }>(CHECK_IN, {
    variables: { eventId, ticketCode, nonce },
    caller: by,
  });
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.checkIn;
}

/** An event starting in 30 minutes (the door opens an hour before by default). */
async function startingSoon(host: Caller, overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(harness.clock().getTime() + 30 * 60_000);
  return publishedEvent(harness, host, {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    ...overrides,
  });
}

describe('checkIn', () => {
  it('is OK on the first scan, then ALREADY_CHECKED_IN with the first time; published once', async () => {
    const host = organiser();
    const eventId = await startingSoon(host);
    const { ticketCode, id } = await register(harness, person(), eventId);
    const first = await scan(host, eventId, ticketCode!);
    expect(first).toMatchObject({ result: 'OK', registration: { id, status: 'CONFIRMED' } });
    const second = await scan(host, eventId, ticketCode!);
    expect(second).toEqual({ ...first, result: 'ALREADY_CHECKED_IN' });
    expect(await publishedEvents('registration.checkedIn')).toHaveLength(1);
  });

  it('answers a repeated nonce with the first result, without a second check-in', async () => {
    const host = organiser();
    const eventId = await startingSoon(host);
    const { ticketCode } = await register(harness, person(), eventId);
    const [a, b] = await Promise.all([
      scan(host, eventId, ticketCode!, 'same-nonce-1'),
      scan(host, eventId, ticketCode!, 'same-nonce-1'),
    ]);
    const c = await scan(host, eventId, ticketCode!, 'same-nonce-1');
    expect([a.result, b.result, c.result]).toEqual(['OK', 'OK', 'OK']);
    expect(new Set([a.checkedInAt, b.checkedInAt, c.checkedInAt]).size).toBe(1);
    const checkedIn = await publishedEvents('registration.checkedIn');
    expect(checkedIn).toHaveLength(1);
  });

  it('checks a ticket in once when several scanners scan it at once', async () => {
    const host = organiser();
    const eventId = await startingSoon(host);
    const { ticketCode } = await register(harness, person(), eventId);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => scan(host, eventId, ticketCode!)),
    );
    expect(results.map((result) => result.result).sort()).toEqual([
      'ALREADY_CHECKED_IN',
      'ALREADY_CHECKED_IN',
      'ALREADY_CHECKED_IN',
      'ALREADY_CHECKED_IN',
      'OK',
    ]);
    expect(await publishedEvents('registration.checkedIn')).toHaveLength(1);
  });

  it('gives each failure its reason: INVALID, CANCELLED, NOT_CONFIRMED, WRONG_EVENT, TOO_EARLY', async () => {
    const host = organiser();
    const eventId = await startingSoon(host, { capacity: 2 });
    const other = await startingSoon(host);
    const later = await publishedEvent(harness, host);
    const cancelledOwner = person();
    const cancelled = await register(harness, cancelledOwner, eventId);
    await harness.execute('mutation ($id: ID!) { cancelRegistration(id: $id) { id } }', {
      variables: { id: cancelled.id },
      caller: cancelledOwner,
    });
    await register(harness, person(), eventId);
    await register(harness, person(), eventId);
    const waiting = await register(harness, person(), eventId);
    const elsewhere = await register(harness, person(), other);
    const early = await register(harness, person(), later);

    expect((await scan(host, eventId, 'no-such-ticket-code')).result).toBe('INVALID');
    expect((await scan(host, eventId, cancelled.ticketCode!)).result).toBe('CANCELLED');
    expect(waiting.status).toBe('WAITLISTED');
    expect((await scan(host, eventId, waiting.ticketCode!)).result).toBe('NOT_CONFIRMED');
    expect(await scan(host, eventId, elsewhere.ticketCode!)).toEqual({
      result: 'WRONG_EVENT',
      registration: null,
      checkedInAt: null,
    });
    expect((await scan(host, later, early.ticketCode!)).result).toBe('TOO_EARLY');
    expect(await publishedEvents('registration.checkedIn')).toEqual([]);
  });

  it("is for the event's organisers only [NOT_FOUND]", async () => {
    const eventId = await startingSoon(organiser());
    const { ticketCode } = await register(harness, person(), eventId);
    const response = await harness.execute(CHECK_IN, {
      variables: { eventId, ticketCode, nonce: 'some-nonce-1' },
      caller: organiser(),
    });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
