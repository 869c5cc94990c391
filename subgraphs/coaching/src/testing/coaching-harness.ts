import type { EventType } from '@weace/events';
import { Role, type Caller } from '@weace/service-kit';
import {
  type PublishedEvent,
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  callers,
  publishedEvents as publishedBy,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { Types } from 'mongoose';
import type { Clock } from '../clock';
import { defineCoachingSubgraph } from '../index';

/** A clock a test sets: every time rule of the service reads it. */
export interface TestClock {
  readonly now: Clock;
  set(instant: string | Date): void;
}

export function testClock(start: string | Date): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(instant) {
      current = new Date(instant);
    },
  };
}

export interface CoachingHarness extends SubgraphHarness {
  readonly clock: TestClock;
}

/** The coaching subgraph as it runs in production, on its own engine, with a test clock. */
export async function startCoachingHarness(
  start: string | Date,
  options: Pick<SubgraphHarnessOptions, 'logTo'> = {},
): Promise<CoachingHarness> {
  const clock = testClock(start);
  const harness = await startSubgraphHarness(defineCoachingSubgraph(clock.now), options);
  return Object.assign(harness, { clock });
}

/** A new `User.id`, as the users service would have made it. */
export function newUserId(): string {
  return new Types.ObjectId().toHexString();
}

export const asCoach = (userId: string): Caller => callers.user(userId, Role.Coach, Role.Learner);
export const asLearner = (userId: string): Caller => callers.user(userId, Role.Learner);
export const asAdmin = (userId: string): Caller => callers.user(userId, Role.Admin, Role.Learner);

/** What the coaching service has published, oldest first; only `type` when given. */
export function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  return publishedBy('coaching', type);
}

/** Session type settings a test leaves at these unless it says otherwise. */
export const TYPE_DEFAULTS = {
  name: 'Coaching hour',
  durationMinutes: 60,
  slotIntervalMinutes: 15,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minimumNoticeMinutes: 0,
  bookingWindowDays: 365,
  cancellationNoticeMinutes: 0,
  requiresPackage: false,
};

export interface CoachSetup {
  readonly timeZone?: string;
  /** Every weekday's hours; default 09:00–17:00. */
  readonly hours?: { start: string; end: string };
  readonly types?: readonly Partial<
    typeof TYPE_DEFAULTS & { maxPerDay: number; maxPerWeek: number }
  >[];
}

/** A coach with a profile, hours every day, and session types: their User.id and the types' ids. */
export async function setUpCoach(
  harness: SubgraphHarness,
  { timeZone = 'UTC', hours = { start: '09:00', end: '17:00' }, types = [{}] }: CoachSetup = {},
): Promise<{ coachId: string; typeIds: string[] }> {
  const coachId = newUserId();
  const caller = asCoach(coachId);
  const profile = await harness.execute(
    /* GraphQL */ `
      mutation ($input: CoachProfileInput!) {
        upsertMyCoachProfile(input: $input) {
          id
        }
      }
    `,
    { caller, variables: { input: { bio: 'Coach', expertise: ['leadership'], timeZone } } },
  );
  if (profile.errors) throw new Error(JSON.stringify(profile.errors));
  const days = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
  const availability = await harness.execute(
    /* GraphQL */ `
      mutation ($input: AvailabilityInput!) {
        setMyAvailability(input: $input) {
          id
        }
      }
    `,
    { caller, variables: { input: { timeZone, weekly: days.map((day) => ({ day, ...hours })) } } },
  );
  if (availability.errors) throw new Error(JSON.stringify(availability.errors));
  const typeIds: string[] = [];
  for (const type of types) {
    const created = await harness.execute<{ createSessionType: { id: string } }>(
      /* GraphQL */ `
        mutation ($input: SessionTypeInput!) {
          createSessionType(input: $input) {
            id
          }
        }
      `,
      { caller, variables: { input: { ...TYPE_DEFAULTS, ...type } } },
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    typeIds.push(created.data!.createSessionType.id);
  }
  return { coachId, typeIds };
}

export const BOOK = /* GraphQL */ `
  mutation ($input: BookSessionInput!) {
    bookSession(input: $input) {
      id
      status
      startsAt
      endsAt
      icsUid
      icsSequence
    }
  }
`;

export const SLOTS = /* GraphQL */ `
  query ($coachId: ID!, $sessionTypeId: ID!, $from: DateTime!, $to: DateTime!) {
    availableSlots(coachId: $coachId, sessionTypeId: $sessionTypeId, from: $from, to: $to) {
      startsAt
      endsAt
    }
  }
`;

export interface Booked {
  readonly bookSession: {
    id: string;
    status: string;
    startsAt: string;
    endsAt: string;
    icsUid: string;
    icsSequence: number;
  };
}

export interface Slots {
  readonly availableSlots: { startsAt: string; endsAt: string }[];
}

/** Tells the service about a person as users would (`user.registered`), for its people directory. */
export async function announcePerson(
  harness: SubgraphHarness,
  person: { id: string; department: string | null },
): Promise<void> {
  await harness.transport.publish({
    id: `registered-${person.id}`,
    type: 'user.registered',
    version: 1,
    producer: 'users',
    subject: person.id,
    sequence: 1,
    occurredAt: new Date().toISOString(),
    payload: {
      user: {
        id: person.id,
        subject: `subject-of-${person.id}`,
        email: `${person.id}@example.com`,
        name: `Person ${person.id}`,
        locale: null,
        timeZone: null,
        department: person.department,
        roles: ['LEARNER'],
        status: 'ACTIVE',
      },
    },
  });
}
