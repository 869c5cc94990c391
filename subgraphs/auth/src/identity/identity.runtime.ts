import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCognito } from '@weace/local-identity';
import type { Logger, TokenVerifierOptions } from '@weace/service-kit';
import type { CognitoSettings } from '../config';
import { CognitoIdentityProvider } from './cognito.identity-provider';
import type { IdentityProvider } from './identity-provider';

/** The identity provider the auth service uses while it runs. */
export interface IdentityRuntime {
  readonly provider: IdentityProvider;
  /** The issuer of the provider's tokens, for `verifyToken`: ID and access tokens alike. */
  readonly tokenIssuers: TokenVerifierOptions;
  stop(): Promise<void>;
}

// cognito-local accepts any signature; the AWS SDK only needs something to sign with.
const PLACEHOLDER_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Connects to the configured Cognito user pool. Without one, starts an
 * embedded cognito-local in a temporary directory, the way a subgraph without
 * MONGODB_URI gets an embedded engine: its accounts end with the process.
 */
export async function startIdentity(
  cognito: CognitoSettings | undefined,
  logger: Logger,
): Promise<IdentityRuntime> {
  if (cognito) return connect(cognito, async () => {});
  const dataDir = await mkdtemp(join(tmpdir(), 'weace-auth-cognito-'));
  const local = await startLocalCognito({ port: 0, dataDir });
  logger.warn(
    { endpoint: local.endpoint },
    'COGNITO_USER_POOL_ID is not set: using an embedded cognito-local; accounts end with the process',
  );
  return connect(
    {
      region: local.region,
      userPoolId: local.userPoolId,
      clientId: local.clientId,
      endpoint: local.endpoint,
    },
    async () => {
      await local.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  );
}

function connect(cognito: CognitoSettings, release: () => Promise<void>): IdentityRuntime {
  const provider = new CognitoIdentityProvider({
    ...cognito,
    // Amazon Cognito's admin operations use the default credential chain (an IAM role).
    credentials: cognito.endpoint ? PLACEHOLDER_CREDENTIALS : undefined,
  });
  return {
    provider,
    tokenIssuers: issuersOf(cognito),
    async stop() {
      provider.close();
      await release();
    },
  };
}

/** Cognito's issuer is `<API endpoint>/<pool id>`; cognito-local's follows the same pattern. */
function issuersOf({ endpoint, userPoolId, clientId }: CognitoSettings): TokenVerifierOptions {
  if (!endpoint) return { cognito: { userPoolId, clientId, tokenUse: null } };
  const issuer = `${endpoint}/${userPoolId}`;
  return {
    localIssuers: [
      { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientId, tokenUse: null },
    ],
  };
}
