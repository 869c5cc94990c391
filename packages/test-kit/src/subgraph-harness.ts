import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@weace/embedded-mongo';
import {
  type EventBus,
  type EventType,
  type PayloadOf,
  type Transport,
  createEventBus,
  createInProcessTransport,
} from '@weace/events';
import { type LocalCognitoMessage, startLocalCognito } from '@weace/local-identity';
import {
  type Caller,
  type DemoProfile,
  type Env,
  INTERNAL_TOKEN_HEADER,
  type LoggerOptions,
  type OperationResult,
  Role,
  type RunningService,
  type SubgraphDefinition,
  createInternalTokens,
  createLogger,
  serviceDatabase,
  startSubgraph,
} from '@weace/service-kit';
import type { mongo } from 'mongoose';

export interface ExecuteOptions {
  readonly variables?: Record<string, unknown>;
  /** Default: anonymous, as a client before login. See {@link callers}. */
  readonly caller?: Caller;
  /** The client IP the gateway would sign in. Default: none. */
  readonly clientIp?: string;
}

export interface SubgraphHarnessOptions {
  /** The subgraph's own settings (its `start` reads them). */
  readonly env?: Env;
  /** Carries its domain events; default: an in-process transport of its own, see {@link SubgraphHarness.transport}. */
  readonly transport?: Transport;
  /** Where log lines go, at `trace`. Default: nowhere. */
  readonly logTo?: LoggerOptions['destination'];
  /** Shared with services it calls or that call it. Default: a new one. */
  readonly internalTokenSecret?: string;
}

/**
 * One real subgraph for its own tests: an embedded engine in memory, the
 * service started as in production (HTTP, internal tokens, event bus), and
 * requests signed as the gateway signs them.
 */
export interface SubgraphHarness {
  readonly url: string;
  readonly internalTokenSecret: string;
  /** The transport its events go through: tests publish or listen on it. */
  readonly transport: Transport;
  /** Sends one operation as `caller`; the result reads as a client receives it. */
  execute<T = Record<string, unknown>>(
    source: string,
    options?: ExecuteOptions,
  ): Promise<OperationResult<T>>;
  /** Commands the driver sends from now on, e.g. `sent('find', 'users')` after a request. */
  recordCommands(): { sent(command: string, collection: string): number };
  /** Empties the service's collections (indexes stay) between tests. */
  clear(): Promise<void>;
  /** The service's demo seeding, as `npm start` calls it (absent when it has none). */
  seedDemo?(people: readonly DemoProfile[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startSubgraphHarness(
  definition: SubgraphDefinition,
  options: SubgraphHarnessOptions = {},
): Promise<SubgraphHarness> {
  const internalTokenSecret = options.internalTokenSecret ?? randomBytes(32).toString('base64url');
  const engine = await startServer({ port: 0 });
  const transport = options.transport ?? createInProcessTransport();
  let service: RunningService;
  try {
    service = await startSubgraph(definition, {
      config: {
        nodeEnv: 'test',
        logLevel: 'trace',
        host: '127.0.0.1',
        port: 0,
        mongodbUri: engine.uri,
        internalTokenSecret,
      },
      env: options.env,
      transport,
      logger: createLogger({
        service: definition.name,
        level: options.logTo ? 'trace' : 'silent',
        destination: options.logTo,
      }),
    });
  } catch (error) {
    await engine.stop();
    throw error;
  }
  const connection = serviceDatabase(definition.name);
  const commands: mongo.CommandStartedEvent[] = [];
  connection.getClient().on('commandStarted', (event) => commands.push(event));
  const tokens = createInternalTokens({ secret: internalTokenSecret, service: 'gateway' });

  return {
    url: service.url,
    internalTokenSecret,
    transport,
    async execute(source, { variables, caller = callers.anonymous, clientIp } = {}) {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_TOKEN_HEADER]: await tokens.sign(caller, {
            audience: definition.name,
            clientIp,
          }),
        },
        body: JSON.stringify({ query: source, variables }),
      });
      return (await response.json()) as OperationResult<never>;
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
    ...(service.seedDemo && { seedDemo: service.seedDemo }),
    async clear() {
      await Promise.all(Object.values(connection.models).map((model) => model.deleteMany({})));
    },
    async stop() {
      await service.stop();
      if (!options.transport) await transport.close();
      await engine.stop();
    },
  };
}

/**
 * Waits until `condition` holds, polling, for what another service does
 * asynchronously (an event's effect); fails after `timeoutMs` (default 10 s).
 */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`still not true after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One event as a service published it: its outbox record's envelope. */
export interface PublishedEvent<T extends EventType> {
  readonly type: T;
  readonly subject: string;
  readonly sequence: number;
  readonly actorId?: string;
  readonly payload: PayloadOf<T>;
}

/** What `service` (running in a harness) has published, oldest first; only `type` when given. */
export async function publishedEvents<T extends EventType>(
  service: string,
  type?: T,
): Promise<PublishedEvent<T>[]> {
  const records = await serviceDatabase(service)
    .collection<{ envelope: PublishedEvent<T> }>('outbox')
    .find(type ? { 'envelope.type': type } : {})
    .sort({ _id: 1 })
    .toArray();
  return records.map((record) => record.envelope);
}

/**
 * An event bus on a harnessed service's database, for tests that call its
 * services directly: what it publishes lands in the service's outbox, which
 * the running service relays.
 */
export function harnessEventBus(
  service: string,
  harness: Pick<SubgraphHarness, 'transport'>,
): EventBus {
  return createEventBus({
    service,
    connection: serviceDatabase(service),
    transport: harness.transport,
    logger: createLogger({ service: `${service}-test`, level: 'silent' }),
  });
}

/** Who a harness request comes from, as the gateway would sign them in. */
export const callers = {
  anonymous: { kind: 'anonymous' } as Caller,
  /** A signed-in person; LEARNER unless roles are given. */
  person(sub: string, ...roles: Role[]): Caller {
    return { kind: 'user', identity: { sub, roles: roles.length ? roles : [Role.Learner] } };
  },
  /** A signed-in person with a profile, named by their `User.id`; LEARNER unless roles are given. */
  user(userId: string, ...roles: Role[]): Caller {
    return {
      kind: 'user',
      identity: {
        sub: `subject-of-${userId}`,
        userId,
        roles: roles.length ? roles : [Role.Learner],
      },
    };
  },
  admin: {
    kind: 'user',
    identity: { sub: 'admin-subject', roles: [Role.Admin, Role.Learner] },
  } as Caller,
  /** Another service, granted exactly the operations it declares. */
  service(name: string, ...operations: string[]): Caller {
    return { kind: 'service', service: name, operations };
  },
};

/** cognito-local in a temporary directory, with the codes it "emails". */
export interface TestCognito {
  /** COGNITO_* settings for the auth service. */
  readonly env: Env;
  readonly region: string;
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** The `iss` of its tokens, and where their keys are. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** The code (or temporary password) last sent to `email` for `purpose`. */
  lastCode(email: string, purpose: LocalCognitoMessage['purpose']): string;
  stop(): Promise<void>;
}

export async function startTestCognito(): Promise<TestCognito> {
  const dataDir = await mkdtemp(join(tmpdir(), 'weace-cognito-'));
  const outbox: LocalCognitoMessage[] = [];
  const cognito = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
  return {
    env: {
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: cognito.endpoint,
    },
    region: cognito.region,
    endpoint: cognito.endpoint,
    userPoolId: cognito.userPoolId,
    clientId: cognito.clientId,
    issuer: cognito.issuer,
    jwksUri: cognito.jwksUri,
    lastCode(email, purpose) {
      const message = outbox.findLast((m) => m.destination === email && m.purpose === purpose);
      if (!message) throw new Error(`no ${purpose} message for ${email}`);
      return message.code;
    },
    async stop() {
      await cognito.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
