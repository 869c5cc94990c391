import { startServer } from '@weace/embedded-mongo';
import {
  ANONYMOUS,
  type Caller,
  Role,
  createErrorFormatter,
  createLogger,
  createServiceContext,
  openDatabase,
} from '@weace/service-kit';
import { type GraphQLFormattedError, type GraphQLSchema, graphql } from 'graphql';
import type { mongo } from 'mongoose';
import { FollowModel } from '../follow/follow.model';
import { buildUsersSchema } from '../schema';
import { type User, type UserDocument, UserModel, UserStatus } from '../user/user.model';

export interface Result<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

export interface ExecuteOptions {
  readonly variables?: Record<string, unknown>;
  /** Default: anonymous. */
  readonly caller?: Caller;
}

/** The users subgraph over a real embedded engine, for resolver and service tests. */
export interface UsersHarness {
  /**
   * Runs one operation against the subgraph schema with a fresh request
   * context (so fresh loaders); the result reads as a client receives it.
   */
  execute<T = Record<string, unknown>>(
    source: string,
    options?: ExecuteOptions,
  ): Promise<Result<T>>;
  /** Commands the driver sends from now on, e.g. `sent('find', 'users')` after a request. */
  recordCommands(): { sent(command: string, collection: string): number };
  /** Empties the service's collections between tests. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

const logger = createLogger({ service: 'users', level: 'silent' });

export async function startUsersHarness(): Promise<UsersHarness> {
  const engine = await startServer({ port: 0 });
  const connection = await openDatabase('users', engine.uri, { monitorCommands: true });
  const schema: GraphQLSchema = await buildUsersSchema();
  const formatError = createErrorFormatter(logger);
  const commands: mongo.CommandStartedEvent[] = [];
  connection.getClient().on('commandStarted', (event) => commands.push(event));
  return {
    async execute<T>(source: string, { variables, caller = ANONYMOUS }: ExecuteOptions = {}) {
      const result = await graphql({
        schema,
        source,
        variableValues: variables,
        contextValue: createServiceContext({ caller, logger }),
      });
      // Through JSON, as a client receives it (dates become ISO strings).
      return JSON.parse(
        JSON.stringify({
          data: result.data,
          errors: result.errors?.map((error) => formatError(error.toJSON(), error)),
        }),
      ) as Result<T>;
    },
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
