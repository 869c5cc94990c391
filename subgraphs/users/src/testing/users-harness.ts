import type { EventBus, EventType } from '@weace/events';
import { Role, type Caller } from '@weace/service-kit';
import {
  type SubgraphHarness,
  type SubgraphHarnessOptions,
  type PublishedEvent,
  callers,
  harnessEventBus,
  publishedEvents as publishedBy,
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

/** An event bus on the harness's database, for calling services directly. */
export function usersEventBus(harness: UsersHarness): EventBus {
  return harnessEventBus('users', harness);
}

/** What the users service has published, oldest first; only `type` when given. */
export function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  return publishedBy('users', type);
}
