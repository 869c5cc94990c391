import { startServer } from '@weace/embedded-mongo';
import {
  type Caller,
  Role,
  createLocalExecutor,
  createLogger,
  type LocalOperationOptions,
  type OperationResult,
  type LoggerOptions,
  openDatabase,
} from '@weace/service-kit';
import type { GraphQLSchema } from 'graphql';
import type { mongo } from 'mongoose';
import { FollowModel } from '../follow/follow.model';
import { usersSubgraph } from '../index';
import { buildUsersSchema } from '../schema';
import { type User, type UserDocument, UserModel, UserStatus } from '../user/user.model';

export type Result<T> = OperationResult<T>;

/** The users subgraph over a real embedded engine, for resolver and service tests. */
export interface UsersHarness {
  /**
   * Runs one operation against the subgraph schema with a fresh request
   * context (so fresh loaders); the result reads as a client receives it.
   */
  execute<T = Record<string, unknown>>(
    source: string,
    options?: LocalOperationOptions,
  ): Promise<OperationResult<T>>;
  /** Commands the driver sends from now on, e.g. `sent('find', 'users')` after a request. */
  recordCommands(): { sent(command: string, collection: string): number };
  /** Empties the service's collections between tests. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

export interface UsersHarnessOptions {
  /**
   * A running auth service: the schema is then the one usersSubgraph.start
   * builds, with registration calling it. Default: no registration.
   */
  readonly auth?: { readonly url: string; readonly internalTokenSecret: string };
  /** Where log lines go, at `trace`. Default: nowhere. */
  readonly logTo?: LoggerOptions['destination'];
}

export async function startUsersHarness(options: UsersHarnessOptions = {}): Promise<UsersHarness> {
  const logger = createLogger({
    service: 'users',
    level: options.logTo ? 'trace' : 'silent',
    destination: options.logTo,
  });
  const engine = await startServer({ port: 0 });
  const connection = await openDatabase('users', engine.uri, { monitorCommands: true });
  const started = options.auth
    ? await usersSubgraph.start!({
        config: {
          nodeEnv: 'test',
          logLevel: 'trace',
          host: '127.0.0.1',
          port: 0,
          mongodbUri: engine.uri,
          internalTokenSecret: options.auth.internalTokenSecret,
        },
        env: { AUTH_SERVICE_URL: options.auth.url },
        logger,
      })
    : { schema: await buildUsersSchema(), stop: async () => {} };
  const schema: GraphQLSchema = started.schema;
  const commands: mongo.CommandStartedEvent[] = [];
  connection.getClient().on('commandStarted', (event) => commands.push(event));
  return {
    execute: createLocalExecutor(schema, logger),
    recordCommands() {
      const from = commands.length;
      return {
        sent: (command, collection) =>
          commands
            .slice(from)
            .filter(
              (event) => event.commandName === command && event.command[command] === collection,
            ).length,
      };
    },
    async clear() {
      await Promise.all([UserModel.deleteMany({}).exec(), FollowModel.deleteMany({}).exec()]);
    },
    async stop() {
      await started.stop();
      await connection.close();
      await engine.stop();
    },
  };
}

/** A signed-in person as the gateway would pass them. */
export function personCaller(
  user: Pick<UserDocument, 'subject'>,
  roles: Role[] = [Role.Learner],
): Caller {
  return { kind: 'user', identity: { sub: user.subject, roles } };
}

export const ADMIN_CALLER: Caller = {
  kind: 'user',
  identity: { sub: 'admin-subject', roles: [Role.Admin, Role.Learner] },
};

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
