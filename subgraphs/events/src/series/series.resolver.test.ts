import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  type EventsHarness,
  organiser,
  publishedEvents,
  startEventsHarness,
} from '../testing/events-harness';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const DAY = 86_400_000;

const CREATE = /* GraphQL */ `
  mutation ($input: CreateEventSeriesInput!) {
    createEventSeries(input: $input) {
      id
      rrule
      occurrences {
        id
        title
        startsAt
        status
        capacity
      }
    }
  }
`;

interface Series {
  id: string;
  rrule: string;
  occurrences: { id: string; title: string; startsAt: string; status: string; capacity: number }[];
}

function weekly(overrides: Record<string, unknown> = {}) {
  // Next Monday at 09:00 in New York, three days from now at the least.
  const start = new Date(harness.clock().getTime() + 3 * DAY);
  const local = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    dateStyle: 'short',
  });
  return {
    title: 'Weekly stand-up',
    format: 'ONLINE',
    joinUrl: 'https://meet.example.com/standup',
    timeZone: 'America/New_York',
    startsAt: `${local.format(start)}T13:00:00.000Z`,
    endsAt: `${local.format(start)}T13:30:00.000Z`,
    capacity: 12,
    recurrence: { freq: 'WEEKLY', count: 6 },
    publish: true,
    ...overrides,
  };
}

describe('createEventSeries', () => {
  it('creates one event per occurrence, each with its own capacity, published together', async () => {
    const result = await harness.execute<{ createEventSeries: Series }>(CREATE, {
      variables: { input: weekly() },
      caller: organiser(),
    });
    expect(result.errors).toBeUndefined();
    const series = result.data!.createEventSeries;
    expect(series.rrule).toBe('FREQ=WEEKLY;INTERVAL=1;COUNT=6');
    expect(series.occurrences).toHaveLength(6);
    expect(new Set(series.occurrences.map((o) => o.id)).size).toBe(6);
    expect(series.occurrences.every((o) => o.status === 'PUBLISHED' && o.capacity === 12)).toBe(
      true,
    );
    // The same local time of day every week in New York, whatever daylight saving does.
    const localTime = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const times = series.occurrences.map((o) => localTime.format(new Date(o.startsAt)));
    expect(new Set(times).size).toBe(1);
    const published = await publishedEvents('event.published');
    expect(published).toHaveLength(6);
    expect(published.every((event) => event.payload.seriesId === series.id)).toBe(true);
  });

  it('needs a count or an until [BAD_USER_INPUT]', async () => {
    const result = await harness.execute(CREATE, {
      variables: { input: weekly({ recurrence: { freq: 'DAILY' } }) },
      caller: organiser(),
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['recurrence.count', 'recurrence.until'],
    });
  });
});

describe('updateEventSeries', () => {
  it('changes future occurrences only, and cancels newly excluded dates', async () => {
    const host = organiser();
    const created = await harness.execute<{ createEventSeries: Series }>(CREATE, {
      variables: { input: weekly() },
      caller: host,
    });
    const series = created.data!.createEventSeries;
    // Two occurrences are over.
    await harness.clock.travel(
      new Date(series.occurrences[1]!.startsAt).getTime() - harness.clock().getTime() + DAY,
    );
    const excluded = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/New_York',
      dateStyle: 'short',
    }).format(new Date(series.occurrences[4]!.startsAt));
    const updated = await harness.execute<{ updateEventSeries: Series }>(
      /* GraphQL */ `
        mutation ($id: ID!, $input: UpdateEventSeriesInput!) {
          updateEventSeries(id: $id, input: $input) {
            occurrences {
              title
              status
              capacity
            }
          }
        }
      `,
      {
        variables: {
          id: series.id,
          input: { title: 'Stand-up (new format)', capacity: 20, excludedDates: [excluded] },
        },
        caller: host,
      },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateEventSeries.occurrences).toEqual([
      { title: 'Weekly stand-up', status: 'PUBLISHED', capacity: 12 },
      { title: 'Weekly stand-up', status: 'PUBLISHED', capacity: 12 },
      { title: 'Stand-up (new format)', status: 'PUBLISHED', capacity: 20 },
      { title: 'Stand-up (new format)', status: 'PUBLISHED', capacity: 20 },
      { title: 'Weekly stand-up', status: 'CANCELLED', capacity: 12 },
      { title: 'Stand-up (new format)', status: 'PUBLISHED', capacity: 20 },
    ]);
    expect(await publishedEvents('event.updated')).toHaveLength(3);
    expect(await publishedEvents('event.cancelled')).toHaveLength(1);
  });
});
