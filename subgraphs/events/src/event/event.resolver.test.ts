import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Caller, Role } from '@weace/service-kit';
import { callers, eventually } from '@weace/test-kit/subgraph';
import {
  type EventsHarness,
  eventInput,
  organiser,
  person,
  publishedEvent,
  publishedEvents,
  register,
  startEventsHarness,
} from '../testing/events-harness';
import { EventModel } from './event.model';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const HOUR = 3_600_000;

describe('createEvent', () => {
  it('is for organisers and admins [FORBIDDEN]', async () => {
    const result = await harness.execute(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      { variables: { input: eventInput({}, harness.clock) }, caller: person() },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_ORGANIZER',
    });
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ capacity: 0 }, 'capacity'],
    [{ format: 'ONLINE', joinUrl: null }, 'joinUrl'],
    [{ format: 'HYBRID', joinUrl: 'https://meet.example.com/a', venueName: null }, 'venueName'],
    [{ endsAt: new Date(Date.now() - HOUR).toISOString() }, 'endsAt'],
  ])('refuses %j naming %s, writing nothing [BAD_USER_INPUT]', async (overrides, field) => {
    const result = await harness.execute(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      { variables: { input: eventInput(overrides, harness.clock) }, caller: organiser() },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(result.errors?.[0]?.extensions)).toContain(field);
    expect(await EventModel.countDocuments()).toBe(0);
  });
});

describe('events', () => {
  it('lists upcoming published events soonest first, filtered by format and search', async () => {
    const host = organiser();
    const day = 24 * HOUR;
    const at = (days: number) => new Date(harness.clock().getTime() + days * day);
    const soon = await publishedEvent(harness, host, {
      title: 'Soon',
      startsAt: at(2).toISOString(),
      endsAt: at(2.1).toISOString(),
    });
    const later = await publishedEvent(harness, host, {
      title: 'Later webinar',
      format: 'ONLINE',
      joinUrl: 'https://meet.example.com/w',
      startsAt: at(5).toISOString(),
      endsAt: at(5.1).toISOString(),
    });
    await harness.execute(
      'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      {
        variables: { input: eventInput({ title: 'A draft' }, harness.clock) },
        caller: host,
      },
    );
    const list = async (filter: Record<string, unknown> = {}) => {
      const result = await harness.execute<{ events: { edges: { node: { id: string } }[] } }>(
        'query ($filter: EventFilter) { events(filter: $filter) { edges { node { id } } } }',
        { variables: { filter } },
      );
      return result.data!.events.edges.map((edge) => edge.node.id);
    };
    expect(await list()).toEqual([soon, later]);
    expect(await list({ format: 'ONLINE' })).toEqual([later]);
    expect(await list({ search: 'webinar' })).toEqual([later]);
    expect(await list({ to: at(3).toISOString() })).toEqual([soon]);
  });
});

describe('the join URL', () => {
  it('is shown to confirmed registrants and organisers only', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host, {
      format: 'ONLINE',
      joinUrl: 'https://meet.example.com/room',
      capacity: 1,
    });
    const confirmed = person();
    const waiting = person();
    await register(harness, confirmed, eventId);
    await register(harness, waiting, eventId);
    const joinUrl = async (caller = callers.anonymous) =>
      (
        await harness.execute<{ event: { joinUrl: string | null } }>(
          'query ($id: ID!) { event(id: $id) { joinUrl } }',
          { variables: { id: eventId }, caller },
        )
      ).data!.event.joinUrl;
    expect(await joinUrl(confirmed)).toBe('https://meet.example.com/room');
    expect(await joinUrl(host)).toBe('https://meet.example.com/room');
    expect(await joinUrl(waiting)).toBeNull();
    expect(await joinUrl(person())).toBeNull();
    expect(await joinUrl()).toBeNull();
  });
});

describe('event changes', () => {
  it('publish event.updated with what changed: time and place raise the calendar sequence', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host);
    const startsAt = new Date(harness.clock().getTime() + 9 * 24 * HOUR);
    const result = await harness.execute(
      'mutation ($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }',
      {
        variables: {
          id: eventId,
          input: {
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
            venueName: 'Room 9',
            description: 'New agenda',
          },
        },
        caller: host,
      },
    );
    expect(result.errors).toBeUndefined();
    const [updated] = await publishedEvents('event.updated');
    expect(updated!.payload).toMatchObject({
      eventId,
      changed: ['time', 'place', 'details'],
      venueName: 'Room 9',
      startsAt: startsAt.toISOString(),
      ics: { uid: `event-${eventId}@weace`, sequence: 1 },
    });
  });

  it('refuses another organiser [NOT_FOUND] and a capacity below the seats held [CONFLICT]', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host, { capacity: 3 });
    await register(harness, person(), eventId);
    await register(harness, person(), eventId);
    const change = (caller = host, capacity = 1) =>
      harness.execute(
        'mutation ($id: ID!, $capacity: Int!) { updateEvent(id: $id, input: { capacity: $capacity }) { id } }',
        { variables: { id: eventId, capacity }, caller },
      );
    expect((await change(organiser())).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await change()).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CAPACITY_BELOW_HELD',
    });
    expect((await change(host, 2)).errors).toBeUndefined();
  });

  it('cancelling cancels every registration and publishes event.cancelled', async () => {
    const host = organiser();
    const eventId = await publishedEvent(harness, host, { capacity: 1 });
    const [a, b] = [person(), person()];
    await register(harness, a, eventId);
    await register(harness, b, eventId);
    const cancelled = await harness.execute<{ cancelEvent: { status: string } }>(
      'mutation ($id: ID!) { cancelEvent(id: $id, reason: "Speaker ill") { status } }',
      { variables: { id: eventId }, caller: host },
    );
    expect(cancelled.data).toEqual({ cancelEvent: { status: 'CANCELLED' } });
    for (const who of [a, b]) {
      const mine = await harness.execute<{ event: { myRegistration: { status: string } } }>(
        'query ($id: ID!) { event(id: $id) { myRegistration { status } } }',
        { variables: { id: eventId }, caller: who },
      );
      expect(mine.data!.event.myRegistration.status).toBe('CANCELLED');
    }
    const [event] = await publishedEvents('event.cancelled');
    expect(event!.payload).toMatchObject({ eventId, reason: 'Speaker ill', ics: { sequence: 1 } });
    const registrations = await publishedEvents('registration.cancelled');
    expect(registrations.map((r) => r.payload.previousStatus).sort()).toEqual([
      'CONFIRMED',
      'WAITLISTED',
    ]);
    expect(await publishedEvents('waitlist.offered')).toEqual([]);
  });
});

describe('reminders', () => {
  it('publish event.reminder 24 h before the start to confirmed registrants, once', async () => {
    const host = organiser();
    const startsAt = new Date(harness.clock().getTime() + 30 * HOUR);
    const eventId = await publishedEvent(harness, host, {
      capacity: 1,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
    });
    const confirmed = person();
    await register(harness, confirmed, eventId);
    await register(harness, person(), eventId);
    await harness.clock.travel(5 * HOUR);
    expect(await publishedEvents('event.reminder')).toEqual([]);
    await harness.clock.travel(2 * HOUR);
    await eventually(async () => (await publishedEvents('event.reminder')).length === 1);
    const [reminder] = await publishedEvents('event.reminder');
    expect(reminder!.payload).toMatchObject({ eventId, registrantIds: [confirmed.userId] });
    await harness.clock.travel(HOUR);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await publishedEvents('event.reminder')).toHaveLength(1);
  });
});

describe('User.eventRegistrations', () => {
  const QUERY = /* GraphQL */ `
    query ($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on User {
          eventRegistrations(first: 2) {
            totalCount
            edges {
              node {
                status
              }
            }
          }
        }
      }
    }
  `;

  it('is the person’s own and ADMIN’s to read; null for anyone else', async () => {
    const learner = person();
    const eventId = await publishedEvent(harness, organiser());
    await register(harness, learner, eventId);
    const read = async (caller: Caller) =>
      (
        await harness.execute<{
          _entities: { eventRegistrations: { totalCount: number } | null }[];
        }>(QUERY, {
          variables: { representations: [{ __typename: 'User', id: learner.userId }] },
          caller,
        })
      ).data!._entities[0]!.eventRegistrations;
    expect(await read(learner)).toMatchObject({ totalCount: 1 });
    expect(await read(person(Role.Admin))).toMatchObject({ totalCount: 1 });
    expect(await read(person())).toBeNull();
  });

  it('costs the same two queries for 30 people as for one', async () => {
    const host = organiser();
    const eventIds = [await publishedEvent(harness, host), await publishedEvent(harness, host)];
    const people = Array.from({ length: 30 }, () => person());
    for (const who of people) for (const eventId of eventIds) await register(harness, who, eventId);
    const commands = harness.recordCommands();
    const result = await harness.execute<{
      _entities: { eventRegistrations: { totalCount: number } }[];
    }>(QUERY, {
      variables: {
        representations: people.map((who) => ({ __typename: 'User', id: who.userId })),
      },
      caller: person(Role.Admin),
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.map((entity) => entity.eventRegistrations.totalCount)).toEqual(
      people.map(() => 2),
    );
    expect(commands.sent('aggregate', 'registrations')).toBe(2);
    expect(commands.sent('find', 'registrations')).toBe(0);
  });
});
