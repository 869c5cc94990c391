import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import type { Caller } from '@weace/service-kit';
import {
  type EventsHarness,
  type RegistrationView,
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

const MINE = /* GraphQL */ `
  query ($id: ID!) {
    event(id: $id) {
      seatsLeft
      waitlistLength
      myRegistration {
        id
        status
        position
        offerExpiresAt
        ticketCode
      }
    }
  }
`;

async function mine(who: Caller, eventId: string): Promise<RegistrationView> {
  const result = await harness.execute<{ event: { myRegistration: RegistrationView } }>(MINE, {
    variables: { id: eventId },
    caller: who,
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.event.myRegistration;
}

async function cancel(who: Caller, id: string, reason: string | null = null) {
  return harness.execute<{ cancelRegistration: { status: string } }>(
    'mutation ($id: ID!, $reason: String) { cancelRegistration(id: $id, reason: $reason) { status } }',
    { variables: { id, reason }, caller: who },
  );
}

async function claim(who: Caller, registrationId: string) {
  return harness.execute<{ claimWaitlistOffer: { status: string } }>(
    'mutation ($id: ID!) { claimWaitlistOffer(registrationId: $id) { status } }',
    { variables: { id: registrationId }, caller: who },
  );
}

/** A one-seat event, its seat holder and three people waiting. */
async function fullEvent(overrides: Record<string, unknown> = {}) {
  const host = organiser();
  const eventId = await publishedEvent(harness, host, { capacity: 1, ...overrides });
  const holder = person();
  const [first, second, third] = [person(), person(), person()];
  const seat = await register(harness, holder, eventId);
  const waiting = [];
  for (const who of [first, second, third]) waiting.push(await register(harness, who, eventId));
  return { host, eventId, holder, seat, first, second, third, waiting };
}

describe('positions', () => {
  it('are the live rank: they move up as people ahead leave', async () => {
    const { eventId, first, second, third, waiting } = await fullEvent();
    expect((await cancel(first, waiting[0]!.id)).errors).toBeUndefined();
    expect((await mine(second, eventId)).position).toBe(1);
    expect((await mine(third, eventId)).position).toBe(2);
  });
});

describe('a freed seat', () => {
  it('is offered to the first person waiting for offerHours, and waitlist.offered carries the deadline', async () => {
    const { eventId, holder, seat, first, second } = await fullEvent({ offerHours: 12 });
    const now = harness.clock().getTime();
    expect((await cancel(holder, seat.id)).errors).toBeUndefined();
    const offered = await mine(first, eventId);
    expect(offered.status).toBe('OFFERED');
    const deadline = new Date(offered.offerExpiresAt!).getTime();
    expect(deadline - now).toBeGreaterThanOrEqual(12 * HOUR - 60_000);
    expect(deadline - now).toBeLessThanOrEqual(12 * HOUR + 60_000);
    expect((await mine(second, eventId)).position).toBe(1);
    const [event] = await publishedEvents('waitlist.offered');
    expect(event!.payload).toMatchObject({
      registrationId: offered.id,
      offerExpiresAt: offered.offerExpiresAt,
    });
  });

  it('is offered no later than registration close', async () => {
    const closes = new Date(harness.clock().getTime() + 5 * HOUR);
    const { eventId, holder, seat, first } = await fullEvent({
      registrationClosesAt: closes.toISOString(),
    });
    await cancel(holder, seat.id);
    expect((await mine(first, eventId)).offerExpiresAt).toBe(closes.toISOString());
  });

  it('claimed in time confirms the person, once', async () => {
    const { eventId, holder, seat, first, waiting } = await fullEvent();
    await cancel(holder, seat.id);
    const claimed = await claim(first, waiting[0]!.id);
    expect(claimed.data?.claimWaitlistOffer.status).toBe('CONFIRMED');
    const again = await claim(first, waiting[0]!.id);
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'OFFER_NOT_AVAILABLE',
    });
    const confirmed = await publishedEvents('registration.confirmed');
    expect(confirmed.at(-1)!.payload).toMatchObject({
      registrationId: waiting[0]!.id,
      viaWaitlistOffer: true,
    });
    expect((await mine(first, eventId)).status).toBe('CONFIRMED');
  });

  it('lapses when not claimed in time (a scheduled job), and goes to the next in line', async () => {
    const { eventId, holder, seat, first, second, waiting } = await fullEvent({ offerHours: 48 });
    await cancel(holder, seat.id);
    await harness.clock.travel(49 * HOUR);
    await eventually(async () => (await mine(first, eventId)).status === 'EXPIRED');
    expect((await mine(second, eventId)).status).toBe('OFFERED');
    const late = await claim(first, waiting[0]!.id);
    expect(late.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'OFFER_NOT_AVAILABLE',
    });
  });

  it('once claimed is used up: cancelling later hands the seat to the next person, not back', async () => {
    const { eventId, holder, seat, first, second, waiting } = await fullEvent();
    await cancel(holder, seat.id);
    await claim(first, waiting[0]!.id);
    expect((await cancel(first, waiting[0]!.id)).errors).toBeUndefined();
    expect((await mine(first, eventId)).status).toBe('CANCELLED');
    expect((await mine(second, eventId)).status).toBe('OFFERED');
    const offers = await publishedEvents('waitlist.offered');
    expect(offers.map((offer) => offer.payload.registrationId)).toEqual([
      waiting[0]!.id,
      waiting[1]!.id,
    ]);
  });

  it('is not offered after registration closed: it goes back to the seats', async () => {
    const closes = new Date(harness.clock().getTime() + 5 * HOUR);
    const { eventId, holder, seat, first } = await fullEvent({
      registrationClosesAt: closes.toISOString(),
      selfCancelUntil: new Date(closes.getTime() + 2 * HOUR).toISOString(),
    });
    await harness.clock.travel(6 * HOUR);
    expect((await cancel(holder, seat.id)).errors).toBeUndefined();
    const view = await harness.execute<{ event: { seatsLeft: number } }>(MINE, {
      variables: { id: eventId },
      caller: first,
    });
    expect(view.data!.event.seatsLeft).toBe(1);
    expect((await mine(first, eventId)).status).toBe('WAITLISTED');
    expect(await publishedEvents('waitlist.offered')).toEqual([]);
  });

  it('comes from more capacity too, one offer per new seat', async () => {
    const { host, eventId, first, second, third } = await fullEvent();
    const raised = await harness.execute(
      'mutation ($id: ID!) { updateEvent(id: $id, input: { capacity: 3 }) { capacity seatsLeft } }',
      { variables: { id: eventId }, caller: host },
    );
    expect(raised.data).toEqual({ updateEvent: { capacity: 3, seatsLeft: 0 } });
    expect((await mine(first, eventId)).status).toBe('OFFERED');
    expect((await mine(second, eventId)).status).toBe('OFFERED');
    expect((await mine(third, eventId)).status).toBe('WAITLISTED');
  });
});

describe('cancelling a registration', () => {
  it('is refused to its owner after selfCancelUntil [FORBIDDEN CANCELLATION_WINDOW_CLOSED]', async () => {
    const until = new Date(harness.clock().getTime() + HOUR);
    const eventId = await publishedEvent(harness, organiser(), {
      selfCancelUntil: until.toISOString(),
    });
    const learner = person();
    const registration = await register(harness, learner, eventId);
    await harness.clock.travel(2 * HOUR);
    const refused = await cancel(learner, registration.id);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CANCELLATION_WINDOW_CLOSED',
    });
    expect((await mine(learner, eventId)).status).toBe('CONFIRMED');
  });

  it('is open to the organisers any time, with a reason [BAD_USER_INPUT without one]', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host);
    const learner = person();
    const registration = await register(harness, learner, eventId);
    const noReason = await cancel(host, registration.id);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['reason'],
    });
    expect((await cancel(host, registration.id, 'Duplicate booking')).data).toEqual({
      cancelRegistration: { status: 'CANCELLED' },
    });
    const [cancelled] = await publishedEvents('registration.cancelled');
    expect(cancelled!.payload).toMatchObject({
      previousStatus: 'CONFIRMED',
      cancelledBy: host.userId,
      reason: 'Duplicate booking',
    });
  });

  it("is nobody else's business [NOT_FOUND]", async () => {
    const eventId = await publishedEvent(harness, organiser());
    const registration = await register(harness, person(), eventId);
    const refused = await cancel(person(), registration.id);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
