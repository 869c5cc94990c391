import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { startServer } from '@weace/embedded-mongo';
import {
  type LocalCognito,
  type LocalCognitoMessage,
  startLocalCognito,
} from '@weace/local-identity';
import {
  type Caller,
  type Env,
  Role,
  createLocalExecutor,
  createLogger,
  type LocalOperationOptions,
  type OperationResult,
  openDatabase,
} from '@weace/service-kit';
import { CognitoIdentityProvider } from '../identity/cognito.identity-provider';
import { authSubgraph } from '../index';
import { LoginFailuresModel } from '../throttle/login-failures.model';

export type Result<T> = OperationResult<T>;

export interface AuthHarnessOptions {
  /** Auth settings beside the Cognito ones the harness sets (LOGIN_*, SSO_*). */
  readonly env?: Env;
  /** Where log lines go, at `trace`. Default: nowhere. */
  readonly logTo?: DestinationStream;
}

/**
 * The auth subgraph as it starts in production (authSubgraph.start), against
 * a real cognito-local and the embedded engine, for resolver-level tests.
 */
export interface AuthHarness {
  /** Runs one operation with a fresh request context; the result reads as a client receives it. */
  execute<T = Record<string, unknown>>(
    source: string,
    options?: LocalOperationOptions,
  ): Promise<OperationResult<T>>;
  /** The same user pool through the adapter, to arrange accounts directly. */
  readonly provider: CognitoIdentityProvider;
  readonly cognito: LocalCognito;
  /** The code (or temporary password) last "emailed" to `email` for `purpose`. */
  lastCode(email: string, purpose: LocalCognitoMessage['purpose']): string;
  /** A new, confirmed account with {@link PASSWORD}; its email is unique. */
  confirmedAccount(): Promise<string>;
  /** Forgets counted login failures between tests. */
  clear(): Promise<void>;
  stop(): Promise<void>;
}

/** Meets the local pool's policy: 8+ characters, upper and lower case, a number. */
export const PASSWORD = 'Correct1horse';

let accounts = 0;
/** A fresh address per call, so tests never see each other's accounts. */
export const newEmail = () => `person${++accounts}.${process.pid}@weace.test`;

export async function startAuthHarness(options: AuthHarnessOptions = {}): Promise<AuthHarness> {
  const logger = createLogger({
    service: 'auth',
    level: options.logTo ? 'trace' : 'silent',
    destination: options.logTo,
  });
  const dataDir = await mkdtemp(join(tmpdir(), 'weace-auth-harness-'));
  const outbox: LocalCognitoMessage[] = [];
  const cognito = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
  const engine = await startServer({ port: 0 });
  const connection = await openDatabase('auth', engine.uri);
  const started = await authSubgraph.start!({
    config: {
      nodeEnv: 'test',
      logLevel: 'trace',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: engine.uri,
      internalTokenSecret: 'x'.repeat(32),
    },
    env: {
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: cognito.endpoint,
      ...options.env,
    },
    logger,
  });
  const provider = new CognitoIdentityProvider({
    region: cognito.region,
    endpoint: cognito.endpoint,
    userPoolId: cognito.userPoolId,
    clientId: cognito.clientId,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  const lastCode = (email: string, purpose: LocalCognitoMessage['purpose']) => {
    const message = outbox.findLast((m) => m.destination === email && m.purpose === purpose);
    if (!message) throw new Error(`no ${purpose} message for ${email}`);
    return message.code;
  };

  return {
    provider,
    cognito,
    lastCode,
    execute: createLocalExecutor(started.schema, logger),
    async confirmedAccount() {
      const email = newEmail();
      await provider.signUp({ email, password: PASSWORD, name: 'Test Person' });
      await provider.confirmSignUp({ email, code: lastCode(email, 'SignUp') });
      return email;
    },
    async clear() {
      await LoginFailuresModel.deleteMany({}).exec();
    },
    async stop() {
      provider.close();
      await started.stop();
      await connection.close();
      await engine.stop();
      await cognito.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in person as the gateway passes them. */
export function personCaller(sub: string, ...roles: Role[]): Caller {
  return { kind: 'user', identity: { sub, roles: roles.length ? roles : [Role.Learner] } };
}

export const ADMIN: Caller = personCaller('admin-subject', Role.Admin, Role.Learner);
export const USERS_SERVICE: Caller = {
  kind: 'service',
  service: 'users',
  operations: ['createIdentityAccount', 'confirmIdentityAccount'],
};

/** The claims of a JWT, unverified: for assertions only. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}
