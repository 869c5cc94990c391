import { performance } from 'node:perf_hooks';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';
import { PersonalEntryKind, PersonalEntryModel } from '../calendar/personal-entry.model';

/**
 * Figures for the events subgraph through the real gateway (no pass/fail):
 * the 300-for-50 registration race, `events(first: 50)` with seats and
 * organiser names across subgraphs, and a personal feed of 500 entries.
 *
 *   npm run bench -w @weace/events-subgraph
 */

const HOUR = 3_600_000;
const SAMPLES = 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(name: string, timings: number[], extra = ''): void {
  const sorted = [...timings].sort((a, b) => a - b);
  process.stdout.write(
    `${name.padEnd(44)} p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms${extra}\n`,
  );
}

async function people(stack: TestStack, count: number, ...roles: Role[]): Promise<TestPerson[]> {
  const made: TestPerson[] = [];
  for (let i = 0; i < count; i += 25) {
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(25, count - i) }, async () => {
          const someone = person(...roles);
          await stack.createProfile(someone);
          await stack.signIn(someone);
          return someone;
        }),
      )),
    );
  }
  return made;
}

async function createEvent(
  stack: TestStack,
  host: TestPerson,
  title: string,
  capacity: number,
  inDays: number,
) {
  const startsAt = new Date(Date.now() + inDays * 24 * HOUR);
  const created = await stack.graphql<{ createEvent: { id: string } }>(
    'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    {
      as: host,
      variables: {
        input: {
          title,
          format: 'VENUE',
          venueName: 'Hall',
          timeZone: 'Europe/London',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + HOUR).toISOString(),
          capacity,
        },
      },
    },
  );
  const id = created.data!.createEvent.id;
  await stack.graphql('mutation ($id: ID!) { publishEvent(id: $id) { id } }', {
    as: host,
    variables: { id },
  });
  return id;
}

async function main(): Promise<void> {
  const stack = await startTestStack({
    gateway: {
      overload: { maxInFlight: 1_000, deadlineMs: 300_000 },
      subgraphCalls: { timeoutMs: 240_000 },
    },
  });
  try {
    const [host] = await people(stack, 1, Role.Organizer);
    const crowd = await people(stack, 300);

    // 1. The race.
    const raceId = await createEvent(stack, host!, 'Race', 50, 10);
    const started = performance.now();
    const results = await Promise.all(
      crowd.map((someone, i) =>
        stack.graphql<{ registerForEvent: { status: string } }>(
          'mutation ($id: ID!) { registerForEvent(eventId: $id) { status } }',
          {
            as: someone,
            variables: { id: raceId },
            ip: `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`,
          },
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const statuses = results.map((r) => r.data?.registerForEvent.status ?? 'ERROR');
    const count = (status: string) => statuses.filter((s) => s === status).length;
    process.stdout.write(
      `registration race, 300 for 50 seats          ${(300 / seconds).toFixed(0)} registrations/s (${seconds.toFixed(1)} s); ` +
        `CONFIRMED ${count('CONFIRMED')}, WAITLISTED ${count('WAITLISTED')}, errors ${count('ERROR')}\n`,
    );

    // 2. A page of 50 events with seats and organiser names.
    for (let i = 0; i < 49; i += 1) await createEvent(stack, host!, `Event ${i}`, 20, 11 + i);
    const page = /* GraphQL */ `
      {
        events(first: 50) {
          edges {
            node {
              title
              seatsLeft
              waitlistLength
              organizers {
                name
              }
            }
          }
        }
      }
    `;
    await stack.graphql(page, { as: crowd[0] });
    const before = await stack.dbCommands('events');
    const timings: number[] = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const t = performance.now();
      const response = await stack.graphql(page, { as: crowd[i % crowd.length] });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      timings.push(performance.now() - t);
    }
    const after = await stack.dbCommands('events');
    const queries = Object.entries(after).reduce(
      (sum, [key, value]) => sum + value - (before[key] ?? 0),
      0,
    );
    report(
      'events(first: 50) + seats + organiser names',
      timings,
      `  ${(queries / SAMPLES).toFixed(1)} events-db commands/request`,
    );

    // 3. A personal feed of 500 entries.
    const reader = crowd[0]!;
    const me = await stack.graphql<{ me: { id: string } }>('{ me { id } }', { as: reader });
    await PersonalEntryModel.insertMany(
      Array.from({ length: 500 }, (_, i) => ({
        _id: `bench-${i}@weace`,
        kind: PersonalEntryKind.SESSION,
        userIds: [me.data!.me.id],
        sourceId: `bench-${i}`,
        summary: `Session ${i}`,
        startsAt: new Date(Date.now() + i * HOUR),
        endsAt: new Date(Date.now() + i * HOUR + HOUR / 2),
        timeZone: 'Europe/London',
      })),
    );
    const url = (
      await stack.graphql<{ myCalendarFeedUrl: string }>('{ myCalendarFeedUrl }', { as: reader })
    ).data!.myCalendarFeedUrl;
    const feedUrl = new URL(new URL(url).pathname, stack.gatewayUrl);
    const feedTimings: number[] = [];
    let size = 0;
    for (let i = 0; i < 30; i += 1) {
      const t = performance.now();
      size = (await (await fetch(feedUrl)).text()).length;
      feedTimings.push(performance.now() - t);
    }
    report('personal feed, 500+ entries', feedTimings, `  ${(size / 1024).toFixed(0)} KiB`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
