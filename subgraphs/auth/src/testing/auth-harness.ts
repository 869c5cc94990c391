import type { LocalCognitoMessage } from '@weace/local-identity';
import { type Caller, type Env, type LoggerOptions, Role } from '@weace/service-kit';
import {
  type SubgraphHarness,
  type TestCognito,
  callers,
  startSubgraphHarness,
  startTestCognito,
} from '@weace/test-kit/subgraph';
import { CognitoIdentityProvider } from '../identity/cognito.identity-provider';
import { authSubgraph } from '../index';

export interface AuthHarnessOptions {
  /** Auth settings beside the Cognito ones the harness sets (LOGIN_*, SSO_*). */
  readonly env?: Env;
  /** Where log lines go, at `trace`. Default: nowhere. */
  readonly logTo?: LoggerOptions['destination'];
}

/**
 * The auth subgraph as it runs in production, against a real cognito-local
 * and the embedded engine.
 */
export interface AuthHarness extends SubgraphHarness {
  /** The same user pool through the adapter, to arrange accounts directly. */
  readonly provider: CognitoIdentityProvider;
  readonly cognito: TestCognito;
  /** The code (or temporary password) last "emailed" to `email` for `purpose`. */
  lastCode(email: string, purpose: LocalCognitoMessage['purpose']): string;
  /** A new, confirmed account with {@link PASSWORD}; its email is unique. */
  confirmedAccount(): Promise<string>;
}

/** Meets the local pool's policy: 8+ characters, upper and lower case, a number. */
export const PASSWORD = 'Correct1horse';

let accounts = 0;
/** A fresh address per call, so tests never see each other's accounts. */
export const newEmail = () => `person${++accounts}.${process.pid}@weace.test`;

export async function startAuthHarness(options: AuthHarnessOptions = {}): Promise<AuthHarness> {
  const cognito = await startTestCognito();
  const harness = await startSubgraphHarness(authSubgraph, {
    env: { ...cognito.env, ...options.env },
    logTo: options.logTo,
  });
  const provider = new CognitoIdentityProvider({
    region: cognito.region,
    endpoint: cognito.endpoint,
    userPoolId: cognito.userPoolId,
    clientId: cognito.clientId,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    ...harness,
    provider,
    cognito,
    lastCode: cognito.lastCode,
    async confirmedAccount() {
      const email = newEmail();
      await provider.signUp({ email, password: PASSWORD, name: 'Test Person' });
      await provider.confirmSignUp({ email, code: cognito.lastCode(email, 'SignUp') });
      return email;
    },
    async stop() {
      provider.close();
      await harness.stop();
      await cognito.stop();
    },
  };
}

/** A signed-in person as the gateway passes them. */
export const personCaller = (sub: string, ...roles: Role[]): Caller =>
  callers.person(sub, ...roles);

export const ADMIN: Caller = personCaller('admin-subject', Role.Admin, Role.Learner);
export const USERS_SERVICE: Caller = callers.service(
  'users',
  'createIdentityAccount',
  'confirmIdentityAccount',
);

/** The claims of a JWT, unverified: for assertions only. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}
