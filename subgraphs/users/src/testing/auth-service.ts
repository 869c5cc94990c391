import { authSubgraph } from '@weace/auth';
import type { LoggerOptions } from '@weace/service-kit';
import { startSubgraphHarness, startTestCognito } from '@weace/test-kit/subgraph';

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
  const cognito = await startTestCognito();
  const auth = await startSubgraphHarness(authSubgraph, { env: cognito.env, logTo: options.logTo });
  return {
    url: auth.url,
    internalTokenSecret: auth.internalTokenSecret,
    signUpCode: (email) => cognito.lastCode(email, 'SignUp'),
    async stop() {
      await auth.stop();
      await cognito.stop();
    },
  };
}
