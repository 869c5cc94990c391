import { type EventBus, type EventType, type PayloadOf, createEventBus } from '@weace/events';
import { Role, type Caller, createLogger, serviceDatabase } from '@weace/service-kit';
import {
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  callers,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { usersSubgraph } from '../index';
import { type User, type UserDocument, UserModel, UserStatus } from '../user/user.model';

export type UsersHarness = SubgraphHarness;

export interface UsersHarnessOptions extends Pick<SubgraphHarnessOptions, 'logTo'> {
  /** A running auth service, which registration calls. Default: none (registration fails). */
  readonly auth?: { readonly url: string; readonly internalTokenSecret: string };
}

/** The users subgraph as it runs in production, on its own engine. */
export function startUsersHarness(options: UsersHarnessOptions = {}): Promise<UsersHarness> {
  return startSubgraphHarness(usersSubgraph, {
    logTo: options.logTo,
    ...(options.auth && {
      env: { AUTH_SERVICE_URL: options.auth.url },
      internalTokenSecret: options.auth.internalTokenSecret,
    }),
  });
}

/** A signed-in person as the gateway would pass them. */
export function personCaller(
  user: Pick<UserDocument, 'subject'>,
  roles: Role[] = [Role.Learner],
): Caller {
  return callers.person(user.subject, ...roles);
}

export const ADMIN_CALLER: Caller = callers.admin;

let made = 0;

/** An ACTIVE profile with unique subject and email; `fields` override. */
export function makeUser(
  fields: Partial<Omit<User, '_id' | 'id' | 'createdAt' | 'updatedAt'>> = {},
): Promise<UserDocument> {
  made += 1;
  return UserModel.create({
    subject: `subject-${made}`,
    email: `person${made}@example.com`,
    name: `Person ${made}`,
    status: UserStatus.ACTIVE,
    ...fields,
  });
}

/**
 * An event bus on the harness's database, for calling services directly in
 * tests: what it publishes lands in the service's outbox, which the running
 * service relays.
 */
export function usersEventBus(harness: UsersHarness): EventBus {
  return createEventBus({
    service: 'users',
    connection: serviceDatabase('users'),
    transport: harness.transport,
    logger: createLogger({ service: 'users-test', level: 'silent' }),
  });
}

/** One event as the users service published it (its outbox record's envelope). */
export interface PublishedEvent<T extends EventType> {
  readonly type: T;
  readonly subject: string;
  readonly sequence: number;
  readonly actorId?: string;
  readonly payload: PayloadOf<T>;
}

/** What the users service has published, oldest first; only `type` when given. */
export async function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  const records = await serviceDatabase('users')
    .collection<{ envelope: PublishedEvent<T> }>('outbox')
    .find(type ? { 'envelope.type': type } : {})
    .sort({ _id: 1 })
    .toArray();
  return records.map((record) => record.envelope);
}
