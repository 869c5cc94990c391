import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type EventType, type PayloadOf, catalog, parseEnvelope } from '@weace/events';
import type { Caller } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import ical, { type VEvent } from 'node-ical';
import {
  type EventsHarness,
  organiser,
  person,
  publishedEvent,
  register,
  startEventsHarness,
} from '../testing/events-harness';
import { CalendarFeedModel } from './feed-token.model';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const HOUR = 3_600_000;

async function get(path: string) {
  return fetch(new URL(path, harness.url));
}

/** The VEVENTs of a calendar file, parsed back with node-ical. */
function entries(ics: string): VEvent[] {
  return Object.values(ical.sync.parseICS(ics)).filter(
    (component): component is VEvent => component?.type === 'VEVENT',
  );
}

async function feedUrl(who: Caller): Promise<string> {
  const result = await harness.execute<{ myCalendarFeedUrl: string }>('{ myCalendarFeedUrl }', {
    caller: who,
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.myCalendarFeedUrl;
}

async function feed(url: string) {
  const response = await get(new URL(url).pathname);
  return { response, entries: response.ok ? entries(await response.text()) : [] };
}

async function update(by: Caller, id: string, input: Record<string, unknown>) {
  const result = await harness.execute(
    'mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }',
    { variables: { id, input }, caller: by },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}

const sequences = new Map<string, number>();
/** Publishes another service's domain event on the transport, as that service's relay would. */
async function publish<T extends EventType>(type: T, subject: string, payload: PayloadOf<T>) {
  const sequence = (sequences.get(subject) ?? 0) + 1;
  sequences.set(subject, sequence);
  const definition = catalog.get(type)!;
  await harness.transport.publish(
    parseEnvelope({
      id: randomUUID(),
      type,
      version: definition.version,
      occurredAt: new Date().toISOString(),
      producer: definition.producer,
      subject,
      sequence,
      payload,
    }),
  );
}

describe('an event as a calendar entry (GET /calendar/events/<id>.ics)', () => {
  it('is public text/calendar with cache headers: a stable UID, no ORGANIZER, no join URL, no ticket', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host, {
      format: 'HYBRID',
      joinUrl: 'https://meet.example.com/secret-room',
    });
    const { ticketCode } = await register(harness, person(), eventId);
    const response = await get(`/calendar/events/${eventId}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const text = await response.text();
    expect(text).not.toMatch(/ORGANIZER/);
    expect(text).not.toContain('secret-room');
    expect(text).not.toContain(ticketCode!);
    const [entry] = entries(text);
    expect(entry).toMatchObject({ uid: `event-${eventId}@weace`, summary: 'Negotiation workshop' });
    expect(entry!.location).toBe('Room 4, 1 Main Street, Lyon');
  });

  it('raises SEQUENCE for time, place and status, not for the description; the UID stays', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host);
    const sequence = async () => {
      const [entry] = entries(await (await get(`/calendar/events/${eventId}.ics`)).text());
      expect(entry!.uid).toBe(`event-${eventId}@weace`);
      return { sequence: Number(entry!.sequence), status: entry!.status };
    };
    expect(await sequence()).toEqual({ sequence: 0, status: 'CONFIRMED' });
    await update(host, eventId, { description: 'New agenda' });
    expect((await sequence()).sequence).toBe(0);
    const later = new Date(harness.clock().getTime() + 8 * 24 * HOUR);
    await update(host, eventId, {
      startsAt: later.toISOString(),
      endsAt: new Date(later.getTime() + HOUR).toISOString(),
    });
    expect((await sequence()).sequence).toBe(1);
    await update(host, eventId, { venueName: 'Room 7' });
    expect((await sequence()).sequence).toBe(2);
    await harness.execute('mutation ($id: ID!) { cancelEvent(id: $id, reason: "Ill") { id } }', {
      variables: { id: eventId },
      caller: host,
    });
    expect(await sequence()).toEqual({ sequence: 3, status: 'CANCELLED' });
  });

  it('gives an all-day event an exclusive DTEND (the day after its last day)', async () => {
    const eventId = await publishedEvent(harness, organiser(), {
      allDay: true,
      timeZone: 'Asia/Tokyo',
      // 10 to 11 June in Tokyo: two whole days.
      startsAt: '2031-06-09T15:00:00.000Z',
      endsAt: '2031-06-11T15:00:00.000Z',
    });
    const text = await (await get(`/calendar/events/${eventId}.ics`)).text();
    expect(text).toMatch(/DTSTART;VALUE=DATE:20310610/);
    expect(text).toMatch(/DTEND;VALUE=DATE:20310612/);
  });

  it('is 404 for drafts and unknown ids', async () => {
    expect((await get('/calendar/events/0123456789abcdef01234567.ics')).status).toBe(404);
    expect((await get('/calendar/events/not-an-id.ics')).status).toBe(404);
  });
});

describe('the personal feed (GET /calendar/feed/<token>.ics)', () => {
  it("holds the person's confirmed events with the join URL, and keeps cancelled ones as CANCELLED", async () => {
    const host = organiser();
    const learner = person();
    const online = await publishedEvent(harness, host, {
      format: 'ONLINE',
      joinUrl: 'https://meet.example.com/room-1',
      venueName: null,
      address: null,
    });
    const cancelled = await publishedEvent(harness, host, { title: 'Called off' });
    const waitlisted = await publishedEvent(harness, host, { capacity: 1, title: 'Full' });
    await register(harness, learner, online);
    await register(harness, learner, cancelled);
    await register(harness, person(), waitlisted);
    await register(harness, learner, waitlisted);
    await harness.execute('mutation ($id: ID!) { cancelEvent(id: $id) { id } }', {
      variables: { id: cancelled },
      caller: host,
    });

    const url = await feedUrl(learner);
    expect(url).toMatch(/^http:\/\/localhost:3000\/calendar\/feed\/[\w-]{32}\.ics$/);
    const { response, entries: found } = await feed(url);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(response.headers.get('cache-control')).toMatch(/private/);
    const byUid = new Map(found.map((entry) => [entry.uid, entry]));
    expect(found).toHaveLength(2);
    expect(byUid.get(`event-${online}@weace`)?.url).toMatchObject({
      val: 'https://meet.example.com/room-1',
    });
    expect(byUid.get(`event-${cancelled}@weace`)?.status).toBe('CANCELLED');
  });

  it('carries coaching sessions and course due dates, kept from domain events', async () => {
    const learner = person();
    const uid = `session-${randomUUID()}@weace`;
    const session = {
      sessionId: 'session-1',
      coachId: person().userId,
      coacheeId: learner.userId,
      sessionTypeId: 'type-1',
      sessionTypeName: 'Career coaching',
      startsAt: '2031-03-03T09:00:00.000Z',
      endsAt: '2031-03-03T10:00:00.000Z',
      timeZone: 'Europe/London',
      ics: { uid, sequence: 0 },
    };
    await publish('session.booked', 'session-1', session);
    await publish('enrollment.created', 'enrollment-1', {
      enrollmentId: 'enrollment-1',
      courseId: 'course-1',
      courseTitle: 'Security basics',
      userId: learner.userId,
      source: 'ASSIGNED',
      dueAt: '2031-04-30T12:00:00.000Z',
      cycle: 1,
    });
    const url = await feedUrl(learner);
    await eventually(async () => (await feed(url)).entries.length === 2);
    const { entries: found } = await feed(url);
    expect(found.find((entry) => entry.uid === uid)).toMatchObject({
      summary: 'Coaching: Career coaching',
    });
    const due = found.find((entry) => entry.uid === 'course-due-enrollment-1@weace')!;
    expect(due.summary).toBe('Due: Security basics');

    await publish('session.rescheduled', 'session-2', {
      ...session,
      sessionId: 'session-2',
      startsAt: '2031-03-04T09:00:00.000Z',
      endsAt: '2031-03-04T10:00:00.000Z',
      ics: { uid, sequence: 1 },
      previousSessionId: 'session-1',
      previousStartsAt: session.startsAt,
      previousEndsAt: session.endsAt,
    });
    await publish('course.completed', 'enrollment-1', {
      enrollmentId: 'enrollment-1',
      courseId: 'course-1',
      courseTitle: 'Security basics',
      userId: learner.userId,
      completedAt: '2031-04-01T12:00:00.000Z',
      grade: null,
      cycle: 1,
    });
    await eventually(async () => (await feed(url)).entries.length === 1);
    const [moved] = (await feed(url)).entries;
    expect(moved).toMatchObject({ uid, sequence: 1 });
    expect(new Date(moved!.start).toISOString()).toBe('2031-03-04T09:00:00.000Z');

    await publish('session.cancelled', 'session-2', {
      ...session,
      sessionId: 'session-2',
      ics: { uid, sequence: 2 },
      cancelledBy: learner.userId,
      reason: null,
      late: false,
    });
    await eventually(async () => (await feed(url)).entries[0]?.status === 'CANCELLED');
  });

  it('is 404 for a wrong token, and rotation kills the old URL at once', async () => {
    const learner = person();
    const first = await feedUrl(learner);
    expect(await feedUrl(learner)).toBe(first);
    expect((await feed(first)).response.status).toBe(200);
    const rotated = await harness.execute<{ rotateCalendarFeedToken: string }>(
      'mutation { rotateCalendarFeedToken }',
      { caller: learner },
    );
    const second = rotated.data!.rotateCalendarFeedToken;
    expect(second).not.toBe(first);
    expect((await feed(first)).response.status).toBe(404);
    expect((await feed(second)).response.status).toBe(200);
    expect(await feedUrl(learner)).toBe(second);
    expect((await get('/calendar/feed/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
  });

  it('stores the token only encrypted and as an HMAC', async () => {
    const learner = person();
    const token = /feed\/([\w-]+)\.ics$/.exec(await feedUrl(learner))![1]!;
    const stored = JSON.stringify(await CalendarFeedModel.find().lean());
    expect(stored).toContain(learner.userId);
    expect(stored).not.toContain(token);
  });
});
