import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/** Calendar files and personal feeds, served by the gateway (which proxies /calendar to events). */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ captureLogs: true });
}, 120_000);
afterAll(() => stack.stop());

const HOUR = 3_600_000;

async function withProfile(someone: TestPerson): Promise<TestPerson> {
  await stack.createProfile(someone);
  return someone;
}

const gatewayPath = (path: string) => new URL(path, stack.gatewayUrl);

describe('calendar through the gateway', () => {
  it('serves an event file publicly, and a personal feed by its secret URL until rotated', async () => {
    const host = await withProfile(person(Role.Organizer));
    const learner = await withProfile(person());
    const startsAt = new Date(Date.now() + 4 * 24 * HOUR);
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
            title: 'Design critique',
            format: 'ONLINE',
            joinUrl: 'https://meet.example.com/critique',
            timeZone: 'Europe/Madrid',
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
            capacity: 5,
          },
        },
      },
    );
    const eventId = created.data!.createEvent.id;
    await stack.graphql('mutation ($id: ID!) { publishEvent(id: $id) { id } }', {
      as: host,
      variables: { id: eventId },
    });
    const registered = await stack.graphql<{ registerForEvent: { status: string } }>(
      'mutation ($id: ID!) { registerForEvent(eventId: $id) { status } }',
      { as: learner, variables: { id: eventId } },
    );
    expect(registered.data?.registerForEvent.status).toBe('CONFIRMED');

    const event = await stack.graphql<{ event: { icsUrl: string } }>(
      'query ($id: ID!) { event(id: $id) { icsUrl } }',
      { variables: { id: eventId } },
    );
    const file = await fetch(gatewayPath(new URL(event.data!.event.icsUrl).pathname));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(file.headers.get('cache-control')).toMatch(/max-age/);
    const text = await file.text();
    expect(text).toContain(`UID:event-${eventId}@weace`);
    expect(text).not.toContain('meet.example.com');

    const feedUrl = (
      await stack.graphql<{ myCalendarFeedUrl: string }>('{ myCalendarFeedUrl }', { as: learner })
    ).data!.myCalendarFeedUrl;
    const token = /feed\/([\w-]+)\.ics$/.exec(feedUrl)![1]!;
    const feed = await fetch(gatewayPath(new URL(feedUrl).pathname));
    expect(feed.status).toBe(200);
    const feedText = await feed.text();
    expect(feedText).toContain(`UID:event-${eventId}@weace`);
    expect(feedText).toContain('meet.example.com/critique');

    const rotated = await stack.graphql<{ rotateCalendarFeedToken: string }>(
      'mutation { rotateCalendarFeedToken }',
      { as: learner },
    );
    expect((await fetch(gatewayPath(new URL(feedUrl).pathname))).status).toBe(404);
    const fresh = await fetch(gatewayPath(new URL(rotated.data!.rotateCalendarFeedToken).pathname));
    expect(fresh.status).toBe(200);
    // The token is a secret: no log line of any service or the gateway carries it.
    expect(stack.logLines().filter((line) => line.includes(token))).toEqual([]);
  });
});
