import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/**
 * Capacity through the real gateway: 120 people register at once for 20
 * seats (the 300 for 50 runs in `npm run bench -w @weace/events-subgraph`,
 * which counts the same way; this size keeps CI inside its time). The seat is taken by a guarded `$inc` in the transaction that stores
 * the registration, so exactly 20 are confirmed and the other 100 wait in the
 * order their registrations were stored.
 */
let stack: TestStack;
beforeAll(async () => {
  // The race is about seats, not latency (the bench measures that): the
  // gateway admits all 120 at once and waits for the queue of them.
  stack = await startTestStack({
    gateway: {
      overload: { maxInFlight: 1_000, deadlineMs: 300_000 },
      subgraphCalls: { timeoutMs: 240_000 },
    },
  });
}, 120_000);
afterAll(() => stack.stop());

const HOUR = 3_600_000;
const PEOPLE = 120;
const SEATS = 20;
const WAITING = PEOPLE - SEATS;

async function withProfile(someone: TestPerson): Promise<TestPerson> {
  await stack.createProfile(someone);
  return someone;
}

/** `count` people with profiles, signed in ahead, a few at a time. */
async function people(count: number): Promise<TestPerson[]> {
  const made: TestPerson[] = [];
  for (let i = 0; i < count; i += 25) {
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(25, count - i) }, () => withProfile(person())),
      )),
    );
  }
  return made;
}

describe(`${PEOPLE} concurrent registrations for ${SEATS} seats`, () => {
  it('confirm exactly the seats and waitlist the rest at positions 1 to n in stored order', async () => {
    const host = await withProfile(person(Role.Organizer));
    const startsAt = new Date(Date.now() + 10 * 24 * HOUR);
    const created = await stack.graphql<{ createEvent: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: CreateEventInput!) {
          createEvent(input: $input) {
            id
          }
        }
      `,
      {
        as: host,
        variables: {
          input: {
            title: 'Leadership day',
            format: 'VENUE',
            venueName: 'Main hall',
            timeZone: 'Europe/Berlin',
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + 3 * HOUR).toISOString(),
            capacity: SEATS,
          },
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const eventId = created.data!.createEvent.id;
    const published = await stack.graphql('mutation ($id: ID!) { publishEvent(id: $id) { id } }', {
      as: host,
      variables: { id: eventId },
    });
    expect(published.errors).toBeUndefined();

    const crowd = await people(PEOPLE);
    await Promise.all(crowd.map((someone) => stack.signIn(someone)));
    const results = await Promise.all(
      crowd.map((someone, i) =>
        stack.graphql<{
          registerForEvent: { id: string; status: string; position: number | null };
        }>(
          /* GraphQL */ `
            mutation ($eventId: ID!) {
              registerForEvent(eventId: $eventId) {
                id
                status
                position
              }
            }
          `,
          // Each from its own address, as that many people would be: no per-IP limit in the way.
          {
            as: someone,
            variables: { eventId },
            ip: `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}`,
          },
        ),
      ),
    );
    expect(results.flatMap((result) => result.errors ?? [])).toEqual([]);
    const registrations = results.map((result) => result.data!.registerForEvent);
    const confirmed = registrations.filter((registration) => registration.status === 'CONFIRMED');
    const waitlisted = registrations.filter((registration) => registration.status === 'WAITLISTED');
    expect(confirmed).toHaveLength(SEATS);
    expect(waitlisted).toHaveLength(WAITING);
    expect(waitlisted.map((registration) => registration.position).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: WAITING }, (_, i) => i + 1),
    );

    // The organiser's view: the waitlist in stored order, ranks 1..n with no gap, over pages.
    const ranks: number[] = [];
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof waitlistPage>> = await waitlistPage(
        host,
        eventId,
        after,
      );
      ranks.push(...page.edges.map((edge) => edge.node.position));
      ids.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(ranks).toEqual(Array.from({ length: WAITING }, (_, i) => i + 1));
    const positionOf = new Map(
      waitlisted.map((registration) => [registration.id, registration.position]),
    );
    expect(ids.map((id) => positionOf.get(id))).toEqual(ranks);

    const event = await stack.graphql<{ event: { seatsLeft: number; waitlistLength: number } }>(
      'query ($id: ID!) { event(id: $id) { seatsLeft waitlistLength } }',
      { as: host, variables: { id: eventId } },
    );
    expect(event.data!.event).toEqual({ seatsLeft: 0, waitlistLength: WAITING });
  }, 600_000);
});

async function waitlistPage(host: TestPerson, eventId: string, after: string | null) {
  const result = await stack.graphql<{
    event: {
      registrations: {
        edges: { node: { id: string; position: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
  }>(
    /* GraphQL */ `
      query ($id: ID!, $after: String) {
        event(id: $id) {
          registrations(status: WAITLISTED, first: 40, after: $after) {
            edges {
              node {
                id
                position
              }
            }
            pageInfo {
              hasNextPage
              endCursor
            }
          }
        }
      }
    `,
    { as: host, variables: { id: eventId, after } },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.event.registrations;
}
