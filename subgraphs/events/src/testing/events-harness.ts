import type { EventType } from '@weace/events';
import { Role, type Caller, serviceDatabase } from '@weace/service-kit';
import {
  type PublishedEvent,
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  callers,
  publishedEvents as publishedBy,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { Types } from 'mongoose';
import { createEventsSubgraph } from '../index';

/** A clock tests move; it starts at the real time. */
export interface TestClock {
  (): Date;
  /** Moves the service's time, and the due times of its pending jobs, `ms` forward. */
  travel(ms: number): Promise<void>;
}

export interface EventsHarness extends SubgraphHarness {
  readonly clock: TestClock;
}

/**
 * The events subgraph as it runs in production, on its own engine, with a
 * clock the test moves. Moving it also brings the scheduler's pending jobs
 * (which run on the wall clock) that much closer, so an offer lapses or a
 * reminder goes out as if the time had passed.
 */
export async function startEventsHarness(
  options: Pick<SubgraphHarnessOptions, 'logTo' | 'env' | 'transport'> = {},
): Promise<EventsHarness> {
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const clock = Object.assign(now, {
    async travel(ms: number) {
      offset += ms;
      const jobs = serviceDatabase('events').collection<{ runAt: Date; status: string }>('jobs');
      for (const job of await jobs.find({ status: 'PENDING' }).toArray()) {
        await jobs.updateOne(
          { _id: job._id, status: 'PENDING' },
          { $set: { runAt: new Date(job.runAt.getTime() - ms) } },
        );
      }
    },
  });
  const harness = await startSubgraphHarness(createEventsSubgraph({ clock }), options);
  return Object.assign(harness, { clock });
}

/** A person with a profile, by a fresh `User.id`; LEARNER unless roles are given. */
export function person(...roles: Role[]): Caller & { userId: string } {
  const userId = new Types.ObjectId().toHexString();
  return Object.assign(callers.user(userId, ...roles), { userId });
}

export const organiser = () => person(Role.Organizer, Role.Learner);

/** What the events service has published, oldest first; only `type` when given. */
export function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  return publishedBy('events', type);
}

const HOUR = 3_600_000;

/** A valid createEvent input starting in `startsInHours`, for `capacity` people. */
export function eventInput(
  overrides: Record<string, unknown> = {},
  clock: () => Date = () => new Date(),
) {
  const startsAt = new Date(clock().getTime() + 7 * 24 * HOUR);
  return {
    title: 'Negotiation workshop',
    description: 'Practice with peers',
    format: 'VENUE',
    venueName: 'Room 4',
    address: '1 Main Street, Lyon',
    timeZone: 'Europe/Paris',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
    capacity: 10,
    ...overrides,
  };
}

/** Creates and publishes an event as `by`; returns its id. */
export async function publishedEvent(
  harness: EventsHarness,
  by: Caller,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const created = await harness.execute<{ createEvent: { id: string } }>(
    'mutation ($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    { variables: { input: eventInput(overrides, harness.clock) }, caller: by },
  );
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  const id = created.data!.createEvent.id;
  const published = await harness.execute('mutation ($id: ID!) { publishEvent(id: $id) { id } }', {
    variables: { id },
    caller: by,
  });
  if (published.errors) throw new Error(JSON.stringify(published.errors));
  return id;
}

export const REGISTER = /* GraphQL */ `
  mutation ($eventId: ID!) {
    registerForEvent(eventId: $eventId) {
      id
      status
      position
      offerExpiresAt
      ticketCode
    }
  }
`;

export interface RegistrationView {
  id: string;
  status: string;
  position: number | null;
  offerExpiresAt: string | null;
  ticketCode: string | null;
}

/** Registers `who` for the event; the registration, or throws with the errors. */
export async function register(
  harness: EventsHarness,
  who: Caller,
  eventId: string,
): Promise<RegistrationView> {
  const result = await harness.execute<{ registerForEvent: RegistrationView }>(REGISTER, {
    variables: { eventId },
    caller: who,
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.registerForEvent;
}
