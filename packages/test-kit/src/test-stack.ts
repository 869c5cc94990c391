import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Role, type SubgraphDefinition, createServiceClient } from '@weace/service-kit';
import {
  DEMO_PASSWORD,
  type Stack,
  type StackOptions,
  demoPeople,
  ensureAccount,
  startStack,
} from '@weace/stack';
import { print } from 'graphql';

export interface TestStackOptions {
  /** Seed the demo organisation (accounts and profiles). Default false: each test makes the people it needs. */
  readonly seedDemoData?: boolean;
  /** Extra subgraphs a scenario needs beside the real ones. */
  readonly extraSubgraphs?: readonly SubgraphDefinition[];
  /** Subgraphs the scenario runs itself, composed in beside the stack's. */
  readonly externalSubgraphs?: StackOptions['externalSubgraphs'];
  /** Accounts of the local OpenID provider only, for first SSO sign-ins. */
  readonly ssoOnlyAccounts?: StackOptions['ssoOnlyAccounts'];
  /** Where the SSO callback redirects with the tokens. Default: it answers JSON. */
  readonly ssoAppRedirectUrl?: string;
  /** The services' log level. Default `silent`, or `debug` when capturing logs. */
  readonly logLevel?: string;
  /** Keep every service's log lines for {@link TestStack.logLines}. Default false. */
  readonly captureLogs?: boolean;
  /**
   * Gateway settings a scenario tunes: subgraph instances, timeouts, overload
   * limits, protection. Default: production's limits, and the loopback proxy
   * trusted, so a test picks its client address with `ip`.
   */
  readonly gateway?: StackOptions['gateway'];
  /** For scenarios that run services of their own beside the stack's. Default: a random one. */
  readonly internalTokenSecret?: string;
}

export interface GraphQLResponse<TData = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly data?: TData | null;
  readonly errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

/** Somebody a test signs in as: an account in cognito-local, made on first use. */
export interface TestPerson {
  readonly email: string;
  readonly name: string;
  readonly groups: readonly Role[];
  readonly password: string;
}

/** A person's account and the tokens of their login. */
export interface SignedIn {
  readonly sub: string;
  readonly email: string;
  readonly accessToken: string;
  readonly idToken: string;
  readonly refreshToken: string;
}

export interface RequestOptions<TVariables = Record<string, unknown>> {
  readonly variables?: TVariables;
  /** Sign in as this person: their access token from a real login, cached per person. */
  readonly as?: TestPerson;
  /** Send this exact bearer token instead. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** The client address the request comes from (`X-Forwarded-For` through the trusted loopback). */
  readonly ip?: string;
}

/** An operation as text, or a typed document from `@weace/client`. */
export type Operation<TData, TVariables> = string | TypedDocumentNode<TData, TVariables>;

export interface TestStack extends Stack {
  /** Creates the person's account on first use and logs in; the same tokens after that. */
  signIn(person: TestPerson): Promise<SignedIn>;
  /** Creates the person's profile (ACTIVE, their roles), as registration would have. */
  createProfile(person: TestPerson): Promise<{ readonly id: string; readonly sub: string }>;
  /** The last code cognito-local "emailed" to `email` (sign-up, password reset). */
  lastCode(email: string, purpose: 'SignUp' | 'ForgotPassword'): string | undefined;
  /** Every log line written so far, when started with `captureLogs`. */
  logLines(): readonly string[];
  /** A subgraph's `db_commands_total` from its `/metrics`, as `{ 'find users': 3, … }`, without the event machinery's or the scheduler's. */
  dbCommands(subgraph: string): Promise<Record<string, number>>;
  /** Sends one operation to the gateway over HTTP, as a client app would. */
  graphql<TData = Record<string, unknown>, TVariables = Record<string, unknown>>(
    operation: Operation<TData, TVariables>,
    options?: RequestOptions<TVariables>,
  ): Promise<GraphQLResponse<TData>>;
}

/** Where the event machinery and the job scheduler keep their records in every service's database. */
const EVENT_COLLECTIONS = new Set([
  'jobs',
  'outbox',
  'event_sequences',
  'inbox',
  'consumer_positions',
  'dead_letters',
]);

/** A new person with a unique email; LEARNER unless roles are given. */
export function person(...roles: Role[]): TestPerson {
  const id = randomUUID().slice(0, 8);
  return {
    email: `${id}@test.weace.dev`,
    name: `Person ${id}`,
    groups: roles.length ? roles : [Role.Learner],
    // Meets the pool's policy: upper, lower, digits, 8+.
    password: `Pw1-${randomBytes(9).toString('base64url')}`,
  };
}

/** A person of the demo organisation, seeded by `seedDemoData`, to sign in as. */
export function demoPerson(email: string): TestPerson {
  const found = demoPeople.find((someone) => someone.email === email);
  if (!found) throw new Error(`${email} is not a demo person`);
  return { email, name: found.name, groups: found.roles, password: DEMO_PASSWORD };
}

/**
 * The real supergraph in this process on free ports: embedded engine in
 * memory, cognito-local and the OpenID provider in a temporary directory,
 * every subgraph, and a gateway composed from the subgraphs' live SDL.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const lines: string[] = [];
  const internalTokenSecret = options.internalTokenSecret ?? randomBytes(32).toString('base64url');
  const stack = await startStack({
    mode: 'test',
    root: resolve(__dirname, '..', '..', '..'),
    ports: 'ephemeral',
    seedDemoData: options.seedDemoData ?? false,
    extraSubgraphs: options.extraSubgraphs,
    externalSubgraphs: options.externalSubgraphs,
    ssoOnlyAccounts: options.ssoOnlyAccounts,
    ssoAppRedirectUrl: options.ssoAppRedirectUrl,
    gateway: { trustProxy: ['loopback'], ...options.gateway },
    internalTokenSecret,
    logLevel: options.logLevel ?? (options.captureLogs ? 'debug' : 'silent'),
    logDestination: options.captureLogs
      ? { write: (line: string) => void lines.push(line) }
      : undefined,
  });
  const { provider } = stack.identity;
  const users = createServiceClient({
    url: stack.subgraphUrls.users!,
    service: 'test-kit',
    audience: 'users',
    // Profiles are made the way an admin tool would, without a person to sign in as.
    operations: ['createUser'],
    secret: internalTokenSecret,
  });

  const signedIn = new Map<string, Promise<SignedIn>>();
  const signIn = (someone: TestPerson): Promise<SignedIn> => {
    let session = signedIn.get(someone.email);
    if (!session) {
      session = (async () => {
        const { sub } = await ensureAccount(provider, someone);
        const login = await provider.login(someone);
        if (login.kind !== 'authenticated') throw new Error(`${someone.email} cannot log in`);
        return { sub, email: someone.email, ...login.tokens };
      })();
      // A failed sign-in is not remembered: the next use tries again.
      session.catch(() => signedIn.delete(someone.email));
      signedIn.set(someone.email, session);
    }
    return session;
  };

  return {
    ...stack,
    signIn,
    async createProfile(someone) {
      const { sub } = await signIn(someone);
      const { createUser } = await users<{ createUser: { id: string } }>(
        /* GraphQL */ `
          mutation ($input: CreateUserInput!) {
            createUser(input: $input) {
              id
            }
          }
        `,
        {
          input: { subject: sub, email: someone.email, name: someone.name, roles: someone.groups },
        },
      );
      return { id: createUser.id, sub };
    },
    lastCode: (email, purpose) => stack.identity.lastCode(email, purpose),
    logLines: () => lines,
    async dbCommands(subgraph) {
      const metrics = await (await fetch(new URL('/metrics', stack.subgraphUrls[subgraph]))).text();
      const counts: Record<string, number> = {};
      for (const [, command, collection, value] of metrics.matchAll(
        /^db_commands_total\{command="(\w+)",collection="([\w.]*)"[^}]*\} (\d+)$/gm,
      )) {
        // The event relay and scheduler poll in the background, and the people directory is
        // written by its consumer whenever a user.* event arrives; requests' own queries are the rest.
        const background =
          EVENT_COLLECTIONS.has(collection!) ||
          (collection === 'people' && ['insert', 'update', 'delete'].includes(command!));
        if (!background) counts[`${command} ${collection}`] = Number(value);
      }
      return counts;
    },
    async graphql(operation, { variables, as, token, headers, ip } = {}) {
      const query = typeof operation === 'string' ? operation : print(operation);
      const bearer = token ?? (as && (await signIn(as)).accessToken);
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer && { authorization: `Bearer ${bearer}` }),
          ...(ip && { 'x-forwarded-for': ip }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return {
        status: response.status,
        headers: response.headers,
        data: body.data,
        errors: body.errors,
      } as never;
    },
  };
}
