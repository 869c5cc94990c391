import { randomBytes } from 'node:crypto';
import { ConfigError, type Env, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import type { GatewayOptions } from './gateway';
import type { SsoOptions } from './sso/sso-options';
import { protectionEnv, protectionOptionsOf } from './protection-config';

const localIssuer = z.object({
  issuer: z.url(),
  jwksUri: z.url(),
  clientId: z.string().min(1),
  tokenUse: z.enum(['access', 'id']).nullable().optional(),
});

const positiveInt = (fallback: number) =>
  z.coerce.number({ error: 'expected a positive integer' }).int().positive().default(fallback);

/** Subgraph calls, overload, the admin port and tracing; `.env.example` explains each. */
const resilienceEnv = {
  ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
  ADMIN_PORT: envVar.port(9100),
  SUBGRAPH_TIMEOUT_MS: positiveInt(10_000),
  SUBGRAPH_CONNECTIONS: positiveInt(64),
  SUBGRAPH_PROBE_INTERVAL_MS: positiveInt(2000),
  REQUEST_DEADLINE_MS: positiveInt(30_000),
  MAX_IN_FLIGHT_REQUESTS: positiveInt(128),
  OVERLOAD_RETRY_AFTER_SECONDS: positiveInt(1),
  STREAMS_PER_CALLER: positiveInt(5),
  STREAMS_TOTAL: positiveInt(10_000),
  OTEL_EXPORTER_OTLP_ENDPOINT: envVar.url().optional(),
};

const gatewayEnv = {
  NODE_ENV: envVar.nodeEnv(),
  LOG_LEVEL: envVar.logLevel(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: envVar.port(3000),
  INTERNAL_TOKEN_SECRET: envVar.secrets(),
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
  /** The Cognito Hosted UI's origin, e.g. https://weace.auth.eu-west-1.amazoncognito.com: turns SSO on. */
  SSO_HOSTED_UI_URL: envVar.url().optional(),
  /** The Hosted UI's app client. Default: COGNITO_CLIENT_ID. */
  SSO_CLIENT_ID: z.string().min(1).optional(),
  /** This gateway's `/auth/sso/callback`, as registered among the app client's callback URLs. */
  SSO_REDIRECT_URI: envVar.url().optional(),
  /** Where the callback sends browsers with the tokens in the fragment. Default: a JSON answer. */
  SSO_APP_REDIRECT_URL: envVar.url().optional(),
  /** Where Cognito sends browsers after logout; one of the app client's sign-out URLs. */
  SSO_LOGOUT_REDIRECT_URL: envVar.url().optional(),
  /** Signs the cookie binding a sign-in to its browser; the same on every gateway replica. */
  SSO_COOKIE_SECRET: envVar.secret().optional(),
  ...resilienceEnv,
  // Limits, rate limits, proxies, Redis, persisted queries, partners.
  ...protectionEnv,
};

/**
 * `SUBGRAPH_URL_<NAME>` replaces a subgraph's routing URL, e.g.
 * `SUBGRAPH_URL_USERS=http://users:3002/graphql`; a comma-separated list
 * names several instances, with failover between them.
 */
const SUBGRAPH_URL = /^SUBGRAPH_URL_([A-Z0-9_]+)$/;
/** `SUBGRAPH_TIMEOUT_MS_<NAME>` overrides SUBGRAPH_TIMEOUT_MS for one subgraph. */
const SUBGRAPH_TIMEOUT = /^SUBGRAPH_TIMEOUT_MS_([A-Z0-9_]+)$/;

export interface GatewayConfig extends Omit<GatewayOptions, 'supergraph' | 'logger'> {
  readonly logLevel: string;
  readonly supergraphPath: string;
  /** The OpenTelemetry collector (OTLP/HTTP); absent, no tracing. */
  readonly otlpEndpoint?: string;
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
  const subgraphUrls: Record<string, string[]> = {};
  const timeoutsMs: Record<string, number> = {};
  for (const [name, value] of Object.entries(env)) {
    const url = SUBGRAPH_URL.exec(name);
    if (url && value) {
      const urls = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!urls.length || !urls.every((u) => URL.canParse(u))) {
        problems.push(
          `${name} is invalid: expected an absolute URL, or several separated by commas`,
        );
      }
      subgraphUrls[url[1]!.toLowerCase()] = urls;
    }
    const timeout = SUBGRAPH_TIMEOUT.exec(name);
    if (timeout && value) {
      if (!/^[1-9]\d*$/.test(value))
        problems.push(`${name} is invalid: expected a positive integer`);
      timeoutsMs[timeout[1]!.toLowerCase()] = Number(value);
    }
  }
  const sso = ssoOptionsOf(parsed, problems);
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
    admin: { host: parsed.ADMIN_HOST, port: parsed.ADMIN_PORT },
    subgraphCalls: {
      timeoutMs: parsed.SUBGRAPH_TIMEOUT_MS,
      timeoutsMs,
      connectionsPerInstance: parsed.SUBGRAPH_CONNECTIONS,
      probeIntervalMs: parsed.SUBGRAPH_PROBE_INTERVAL_MS,
    },
    overload: {
      deadlineMs: parsed.REQUEST_DEADLINE_MS,
      maxInFlight: parsed.MAX_IN_FLIGHT_REQUESTS,
      retryAfterSeconds: parsed.OVERLOAD_RETRY_AFTER_SECONDS,
      streams: { perCaller: parsed.STREAMS_PER_CALLER, total: parsed.STREAMS_TOTAL },
    },
    otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT,
    tokens: {
      cognito: parsed.COGNITO_USER_POOL_ID
        ? {
            userPoolId: parsed.COGNITO_USER_POOL_ID,
            // Tokens from the Hosted UI carry its app client's id, which may be another one.
            clientId: [...new Set([parsed.COGNITO_CLIENT_ID!, ...(sso ? [sso.clientId] : [])])],
          }
        : undefined,
      localIssuers: parsed.LOCAL_JWT_ISSUERS,
    },
    sso,
    ...protectionOptionsOf(parsed),
  };
}

type ParsedGatewayEnv = ReturnType<typeof parseEnv<typeof gatewayEnv>>;

/** SSO through the Cognito Hosted UI when SSO_HOSTED_UI_URL is set; each missing piece is a problem. */
function ssoOptionsOf(parsed: ParsedGatewayEnv, problems: string[]): SsoOptions | undefined {
  const hostedUi = parsed.SSO_HOSTED_UI_URL;
  if (!hostedUi) return undefined;
  const clientId = parsed.SSO_CLIENT_ID ?? parsed.COGNITO_CLIENT_ID;
  const required: [string, unknown, string][] = [
    ['SSO_CLIENT_ID', clientId, 'the Hosted UI app client (or set COGNITO_CLIENT_ID)'],
    ['SSO_REDIRECT_URI', parsed.SSO_REDIRECT_URI, "this gateway's /auth/sso/callback URL"],
    [
      'SSO_LOGOUT_REDIRECT_URL',
      parsed.SSO_LOGOUT_REDIRECT_URL,
      "one of the app client's sign-out URLs (Cognito's /logout needs it)",
    ],
  ];
  if (parsed.NODE_ENV === 'production') {
    required.push([
      'SSO_COOKIE_SECRET',
      parsed.SSO_COOKIE_SECRET,
      'a secret of at least 32 characters shared by every gateway replica',
    ]);
  }
  for (const [name, value, expected] of required) {
    if (!value) problems.push(`${name} is required with SSO_HOSTED_UI_URL: ${expected}`);
  }
  const origin = new URL(hostedUi).origin;
  return {
    provider: {
      authorizationEndpoint: `${origin}/oauth2/authorize`,
      logoutEndpoint: `${origin}/logout`,
      logoutRedirectParameter: 'logout_uri',
    },
    clientId: clientId ?? '',
    redirectUri: parsed.SSO_REDIRECT_URI ?? '',
    appRedirectUrl: parsed.SSO_APP_REDIRECT_URL,
    logoutRedirectUrl: parsed.SSO_LOGOUT_REDIRECT_URL,
    // Outside production one gateway runs, and a sign-in in flight across its restart can start again.
    cookieSecret: parsed.SSO_COOKIE_SECRET ?? randomBytes(32).toString('base64url'),
  };
}
