import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authSubgraph } from '@weace/auth';
import { type LocalCognitoMessage, startLocalCognito } from '@weace/local-identity';
import { type LoggerOptions, createLogger, startSubgraph } from '@weace/service-kit';

/** The real auth service over HTTP, on its own cognito-local, for registration tests. */
export interface AuthService {
  readonly url: string;
  readonly internalTokenSecret: string;
  /** The sign-up code last "emailed" to `email`. */
  signUpCode(email: string): string;
  stop(): Promise<void>;
}

export async function startAuthService(
  options: { logTo?: LoggerOptions['destination'] } = {},
): Promise<AuthService> {
  const internalTokenSecret = 'a-secret-that-is-long-enough-for-hs256!';
  const dataDir = await mkdtemp(join(tmpdir(), 'weace-users-auth-'));
  const outbox: LocalCognitoMessage[] = [];
  const cognito = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
  const service = await startSubgraph(authSubgraph, {
    config: {
      nodeEnv: 'test',
      logLevel: 'trace',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: undefined,
      internalTokenSecret,
    },
    env: {
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      COGNITO_ENDPOINT: cognito.endpoint,
    },
    logger: createLogger({
      service: 'auth',
      level: options.logTo ? 'trace' : 'silent',
      destination: options.logTo,
    }),
  });
  return {
    url: service.url,
    internalTokenSecret,
    signUpCode(email) {
      const message = outbox.findLast((m) => m.destination === email && m.purpose === 'SignUp');
      if (!message) throw new Error(`no sign-up code for ${email}`);
      return message.code;
    },
    async stop() {
      await service.stop();
      await cognito.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
