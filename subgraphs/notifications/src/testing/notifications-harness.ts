import { randomUUID } from 'node:crypto';
import type { Envelope, EventType, PayloadOf } from '@weace/events';
import {
  type Caller,
  type Env,
  INTERNAL_TOKEN_HEADER,
  createInternalTokens,
} from '@weace/service-kit';
import {
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { notificationsDb } from '../db';
import { type NotificationsOptions, createNotificationsSubgraph } from '../index';
import type { Person } from '../people/people';

export type NotificationsHarness = SubgraphHarness;

export interface NotificationsHarnessOptions
  extends NotificationsOptions, Pick<SubgraphHarnessOptions, 'logTo'> {
  readonly env?: Env;
}

/** The notifications subgraph as it runs in production, on its own engine, with fast retries. */
export function startNotificationsHarness(
  options: NotificationsHarnessOptions = {},
): Promise<NotificationsHarness> {
  return startSubgraphHarness(createNotificationsSubgraph(options), {
    logTo: options.logTo,
    env: { NOTIFICATIONS_RETRY_BASE_MS: '20', NOTIFICATIONS_MAX_ATTEMPTS: '3', ...options.env },
  });
}

let made = 0;

/** A person in the directory, as the `user.*` events leave them; `fields` override. */
export async function addPerson(fields: Partial<Person> = {}): Promise<Person> {
  made += 1;
  const person: Person = {
    id: `user-${made}-${randomUUID().slice(0, 8)}`,
    subject: `subject-${made}`,
    email: `person${made}@example.com`,
    name: `Person ${made}`,
    locale: 'en',
    timeZone: 'Europe/London',
    department: null,
    roles: ['LEARNER'],
    status: 'ACTIVE',
    ...fields,
  };
  const { id, ...rest } = person;
  await notificationsDb.collection('people').insertOne({ _id: id as never, ...rest });
  return person;
}

const PRODUCER: Record<string, Envelope['producer']> = {
  user: 'users',
  session: 'coaching',
  registration: 'events',
  waitlist: 'events',
  event: 'events',
  enrollment: 'training',
  course: 'training',
  certificate: 'training',
  badge: 'engagement',
  level: 'engagement',
};

/** A domain event as its producer would publish it. */
export function domainEvent<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  extra: { actorId?: string; subject?: string; sequence?: number } = {},
): Envelope<T> {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: PRODUCER[type.split('.')[0]!]!,
    subject: extra.subject ?? randomUUID(),
    sequence: extra.sequence ?? 1,
    ...(extra.actorId && { actorId: extra.actorId }),
    payload,
  } as Envelope<T>;
}

/** A clock the test moves. */
export function testClock(start = new Date()): { now: () => Date; set(at: Date | string): void } {
  let current = start;
  return {
    now: () => current,
    set(at) {
      current = new Date(at);
    },
  };
}

/**
 * A request to one of the service's own HTTP routes, as the gateway proxies
 * it: with `caller` signed into the internal token, or none (anonymous).
 */
export async function routeRequest(
  harness: NotificationsHarness,
  path: string,
  { caller, ...init }: RequestInit & { caller?: Caller } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (caller) {
    const tokens = createInternalTokens({
      secret: harness.internalTokenSecret,
      service: 'gateway',
    });
    headers.set(INTERNAL_TOKEN_HEADER, await tokens.sign(caller, { audience: 'notifications' }));
  }
  return fetch(harness.url.replace(/\/graphql$/, '') + path, { ...init, headers });
}

/** Reads Server-Sent Events off a streaming response as they arrive. */
export function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const events: { id?: string; event: string; data: unknown }[] = [];
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .filter((line) => line && !line.startsWith(':'))
            .map((line) => [
              line.slice(0, line.indexOf(':')),
              line.slice(line.indexOf(':') + 1).trim(),
            ]),
        );
        if (fields.event)
          events.push({
            id: fields.id,
            event: fields.event,
            data: JSON.parse(fields.data ?? 'null'),
          });
      }
    }
  })().catch(() => undefined);
  return {
    events,
    async close() {
      await reader.cancel();
      await pump;
    },
  };
}
