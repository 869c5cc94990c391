import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type LocalCognito,
  type LocalCognitoMessage,
  startLocalCognito,
} from '@weace/local-identity';
import {
  INTERNAL_TOKEN_HEADER,
  type RunningService,
  createInternalTokens,
  createLogger,
  createServiceClient,
  startSubgraph,
} from '@weace/service-kit';
import { authSubgraph } from './index';

// The whole service over HTTP, every log line at `trace` captured, while
// people log in, reset passwords and register: then no secret may be found.
const secret = 'a-secret-that-is-long-enough-for-hs256!';
let logs = '';
let dataDir: string;
let cognito: LocalCognito;
let auth: RunningService;
const outbox: LocalCognitoMessage[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'weace-auth-logs-'));
  cognito = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk);
      done();
    },
  });
  auth = await startSubgraph(authSubgraph, {
    config: {
      nodeEnv: 'test',
      logLevel: 'trace',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: undefined,
      internalTokenSecret: secret,
    },
    env: {
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: cognito.endpoint,
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2',
    },
    logger: createLogger({ service: 'auth', level: 'trace', destination }),
  });
});
afterAll(async () => {
  await auth.stop();
  await cognito.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const gateway = createInternalTokens({ secret, service: 'gateway' });

/** As the gateway sends a client's operation: anonymous, with the client IP signed in. */
async function asClient(query: string, variables: Record<string, unknown>) {
  const response = await fetch(auth.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [INTERNAL_TOKEN_HEADER]: await gateway.sign(
        { kind: 'anonymous' },
        { audience: 'auth', clientIp: '192.0.2.7' },
      ),
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as {
    data?: Record<string, Record<string, string>> | null;
    errors?: { extensions: { code: string } }[];
  };
}

const asUsersService = (query: string, variables: Record<string, unknown>) =>
  createServiceClient({
    url: auth.url,
    service: 'users',
    audience: 'auth',
    operations: ['createIdentityAccount', 'confirmIdentityAccount'],
    secret,
  })(query, variables).catch((error: unknown) => error);

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      idToken
      refreshToken
    }
  }
`;
const code = (email: string, purpose: LocalCognitoMessage['purpose']) =>
  outbox.findLast((m) => m.destination === email && m.purpose === purpose)!.code;

describe('logs', () => {
  it('never contain a password, a token or a verification code', async () => {
    const secrets: string[] = [];
    const keep = (...values: string[]) => {
      secrets.push(...values);
      return values[0]!;
    };
    const email = 'log.watcher@weace.test';
    const password = keep('Registered1pass');

    // Registration, as the users service does it: a policy failure, then success.
    await asUsersService(
      'mutation ($email: String!, $password: String!) { createIdentityAccount(email: $email, password: $password) { subject } }',
      { email, password: keep('weakpassword') },
    );
    await asUsersService(
      'mutation ($email: String!, $password: String!) { createIdentityAccount(email: $email, password: $password) { subject } }',
      { email, password },
    );
    await asUsersService(
      'mutation ($email: String!, $code: String!) { confirmIdentityAccount(email: $email, code: $code) }',
      { email, code: keep('000001') },
    );
    await asUsersService(
      'mutation ($email: String!, $code: String!) { confirmIdentityAccount(email: $email, code: $code) }',
      { email, code: keep(code(email, 'SignUp')) },
    );

    // Logins: right, wrong, then throttled; refresh; logout.
    const { data } = await asClient(LOGIN, { email, password });
    const tokens = data!.login!;
    keep(tokens.accessToken!, tokens.idToken!, tokens.refreshToken!);
    await asClient(LOGIN, { email, password: keep('Wrong1password') });
    await asClient(LOGIN, { email, password: keep('Wrong2password') });
    const throttled = await asClient(LOGIN, { email, password });
    expect(throttled.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    await asClient(
      'mutation ($refreshToken: String!) { refreshTokens(refreshToken: $refreshToken) { accessToken } }',
      { refreshToken: tokens.refreshToken },
    );
    await asClient('query ($token: String!) { verifyToken(token: $token) { valid } }', {
      token: tokens.idToken,
    });

    // Password reset: unknown and known accounts, a policy failure, then success; a change.
    await asClient('mutation ($email: String!) { forgotPassword(email: $email) }', {
      email: 'nobody@weace.test',
    });
    await asClient('mutation ($email: String!) { forgotPassword(email: $email) }', { email });
    const resetCode = keep(code(email, 'ForgotPassword'));
    const CONFIRM =
      'mutation ($email: String!, $code: String!, $newPassword: String!) { confirmForgotPassword(email: $email, code: $code, newPassword: $newPassword) }';
    await asClient(CONFIRM, { email, code: resetCode, newPassword: keep('nouppercase1') });
    await asClient(CONFIRM, { email, code: resetCode, newPassword: keep('Reset1password') });
    await asClient(
      'mutation ($accessToken: String!, $previousPassword: String!, $proposedPassword: String!) { changePassword(accessToken: $accessToken, previousPassword: $previousPassword, proposedPassword: $proposedPassword) }',
      {
        accessToken: tokens.accessToken,
        previousPassword: keep('Not1thepassword'),
        proposedPassword: keep('Changed1password'),
      },
    );
    await asClient('mutation ($accessToken: String!) { logout(accessToken: $accessToken) }', {
      accessToken: tokens.accessToken,
    });

    // The service logged what happened…
    expect(logs).toContain('login refused');
    expect(logs).toContain('login throttled');
    // …and none of the secrets.
    for (const value of secrets) expect(logs).not.toContain(value);
  });
});
