import { randomUUID } from 'node:crypto';
import {
  type Envelope,
  type EventBus,
  type EventType,
  type PayloadOf,
  catalog,
  parseEnvelope,
} from '@weace/events';
import { Role, type Caller } from '@weace/service-kit';
import {
  type PublishedEvent,
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  callers,
  eventually,
  harnessEventBus,
  publishedEvents as publishedBy,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { Types } from 'mongoose';
import { type EngagementOptions, createEngagementSubgraph } from '../index';
import { ParticipantModel } from '../people/participant.model';

export type EngagementHarness = SubgraphHarness;

export interface EngagementHarnessOptions
  extends EngagementOptions, Pick<SubgraphHarnessOptions, 'logTo'> {
  /** REDIS_URL and the like. */
  readonly env?: Record<string, string>;
}

/** The engagement subgraph as it runs in production, on its own engine. */
export function startEngagementHarness(
  options: EngagementHarnessOptions = {},
): Promise<EngagementHarness> {
  return startSubgraphHarness(createEngagementSubgraph(options), {
    env: options.env,
    logTo: options.logTo,
  });
}

/** A clock tests move: `clock.now()` is what the service reads. */
export function testClock(start: string) {
  let at = new Date(start);
  return {
    now: () => at,
    set(iso: string) {
      at = new Date(iso);
    },
  };
}

/** A new `User.id`. */
export function newUserId(): string {
  return new Types.ObjectId().toHexString();
}

/** A signed-in person with a profile. */
export function personCaller(userId: string, ...roles: Role[]): Caller {
  return callers.user(userId, ...roles);
}

export function adminCaller(userId = newUserId()): Caller {
  return callers.user(userId, Role.Admin, Role.Learner);
}

let sequence = 0;

/**
 * A catalog event as its producer would publish it (checked against the
 * catalog), with a fresh id unless `id` is given (a redelivery).
 */
export function domainEvent<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  fields: { id?: string; occurredAt?: string; subject?: string } = {},
): Envelope<T> {
  const definition = catalog.get(type)!;
  sequence += 1;
  return parseEnvelope({
    id: fields.id ?? randomUUID(),
    type,
    version: definition.version,
    occurredAt: fields.occurredAt ?? new Date().toISOString(),
    producer: definition.producer,
    subject: fields.subject ?? randomUUID(),
    sequence,
    payload,
  }) as Envelope<T>;
}

/** Publishes events on the harness's transport, as the other services' relays do. */
export async function publish(harness: EngagementHarness, ...events: Envelope[]): Promise<void> {
  for (const event of events) await harness.transport.publish(event);
}

/** A person as users announces them (`user.registered`), known to engagement once handled. */
export async function registerPerson(
  harness: EngagementHarness,
  fields: { name: string; department?: string | null; timeZone?: string | null; id?: string },
): Promise<string> {
  const id = fields.id ?? newUserId();
  await publish(
    harness,
    domainEvent(
      'user.registered',
      {
        user: {
          id,
          subject: `subject-of-${id}`,
          email: `${id}@example.com`,
          name: fields.name,
          locale: null,
          timeZone: fields.timeZone ?? null,
          department: fields.department ?? null,
          roles: ['LEARNER'],
          status: 'ACTIVE',
        },
      },
      { subject: id },
    ),
  );
  await eventually(async () => !!(await ParticipantModel.exists({ _id: id })));
  return id;
}

/** `lesson.completed` for `userId`. */
export function lessonCompleted(
  userId: string,
  lesson: { id?: string; title?: string; completedAt?: string } = {},
) {
  const lessonId = lesson.id ?? randomUUID();
  return domainEvent('lesson.completed', {
    enrollmentId: randomUUID(),
    courseId: 'course-1',
    courseTitle: 'Feedback that lands',
    userId,
    lessonId,
    lessonTitle: lesson.title ?? 'Giving feedback',
    completedAt: lesson.completedAt ?? new Date().toISOString(),
  });
}

/** An event bus on the harness's database, for calling services directly. */
export function engagementEventBus(harness: EngagementHarness): EventBus {
  return harnessEventBus('engagement', harness);
}

/** What the engagement service has published, oldest first; only `type` when given. */
export function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  return publishedBy('engagement', type);
}

export { eventually };
