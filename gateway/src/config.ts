import { ConfigError, type Env, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import type { GatewayOptions } from './gateway';

const localIssuer = z.object({
  issuer: z.url(),
  jwksUri: z.url(),
  clientId: z.string().min(1),
  tokenUse: z.enum(['access', 'id']).nullable().optional(),
});

const gatewayEnv = {
  NODE_ENV: envVar.nodeEnv(),
  LOG_LEVEL: envVar.logLevel(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: envVar.port(3000),
  INTERNAL_TOKEN_SECRET: envVar.secret(),
  /** The composed supergraph (`npm run compose`). */
  SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql'),
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/, { error: 'expected a user pool id like eu-west-1_AbC123' })
    .optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** JSON array of `{ issuer, jwksUri, clientId, tokenUse? }`: cognito-local, the local OpenID provider. */
  LOCAL_JWT_ISSUERS: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(z.array(localIssuer))
    .optional(),
  CORS_ORIGINS: envVar.list().optional(),
};

/** `SUBGRAPH_URL_<NAME>` replaces a subgraph's routing URL, e.g. `SUBGRAPH_URL_USERS=http://users:3002/graphql`. */
const SUBGRAPH_URL = /^SUBGRAPH_URL_([A-Z0-9_]+)$/;

export interface GatewayConfig extends Omit<GatewayOptions, 'supergraph' | 'logger'> {
  readonly logLevel: string;
  readonly supergraphPath: string;
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  const parsed = parseEnv(gatewayEnv, env);
  const problems: string[] = [];
  if (!!parsed.COGNITO_USER_POOL_ID !== !!parsed.COGNITO_CLIENT_ID) {
    problems.push('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID go together: set both or neither');
  }
  if (!parsed.COGNITO_USER_POOL_ID && !parsed.LOCAL_JWT_ISSUERS?.length) {
    problems.push(
      'COGNITO_USER_POOL_ID is required: no identity provider is configured to accept tokens from',
    );
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = SUBGRAPH_URL.exec(name);
    if (!match || !value) continue;
    if (!URL.canParse(value)) problems.push(`${name} is invalid: expected an absolute URL`);
    subgraphUrls[match[1]!.toLowerCase()] = value;
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    nodeEnv: parsed.NODE_ENV,
    logLevel: parsed.LOG_LEVEL,
    host: parsed.HOST,
    port: parsed.PORT,
    internalTokenSecret: parsed.INTERNAL_TOKEN_SECRET,
    supergraphPath: parsed.SUPERGRAPH_PATH,
    subgraphUrls,
    corsOrigins: parsed.CORS_ORIGINS,
    tokens: {
      cognito: parsed.COGNITO_USER_POOL_ID
        ? { userPoolId: parsed.COGNITO_USER_POOL_ID, clientId: parsed.COGNITO_CLIENT_ID! }
        : undefined,
      localIssuers: parsed.LOCAL_JWT_ISSUERS,
    },
  };
}
