import { join } from 'node:path';
import { ConfigError, envVar, parseEnv, startTracing } from '@weace/service-kit';
import { z } from 'zod';
import { DEMO_PASSWORD } from './demo-organisation';
import { startStack } from './stack';
import { subgraphs } from './subgraphs';

/** `npm start`: the whole supergraph on embedded defaults, in this process. */
async function main() {
  const env = parseEnv(
    {
      LOG_LEVEL: envVar.logLevel(),
      DATA_DIR: z.string().min(1).default('.data'),
      PORT: envVar.port(3000),
      ADMIN_PORT: envVar.port(9100),
      OTEL_EXPORTER_OTLP_ENDPOINT: envVar.url().optional(),
      EMBEDDED_MONGO_PORT: envVar.port(27017),
      COGNITO_LOCAL_PORT: envVar.port(9229),
      OIDC_PROVIDER_PORT: envVar.port(3011),
      MONGODB_URI: envVar.mongoUri().optional(),
      INTERNAL_TOKEN_SECRET: envVar.secret().optional(),
      CORS_ORIGINS: envVar.list().optional(),
      SSO_APP_REDIRECT_URL: envVar.url().optional(),
      NATS_URL: z.string().min(1).optional(),
      REDIS_URL: envVar.url().optional(),
      ...Object.fromEntries(
        subgraphs.map(({ name }) => [
          `${name.toUpperCase()}_MONGODB_URI`,
          envVar.mongoUri().optional(),
        ]),
      ),
    },
    process.env,
  );
  const root = process.cwd();
  const mongodbUris = {
    ...Object.fromEntries(
      subgraphs.map(({ name }) => [
        name,
        (env as unknown as Record<string, string | undefined>)[
          `${name.toUpperCase()}_MONGODB_URI`
        ] ?? env.MONGODB_URI,
      ]),
    ),
    // Partner keys and manifests (weace_gateway).
    gateway: env.MONGODB_URI,
  };
  // One provider for the whole process: every service's spans, one trace per request.
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    startTracing({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, service: 'weace-stack' });
  }
  const stack = await startStack({
    mode: 'development',
    root,
    ports: 'supergraph',
    dataDir: join(root, env.DATA_DIR),
    mongodbUris,
    embeddedMongoPort: env.EMBEDDED_MONGO_PORT,
    cognitoPort: env.COGNITO_LOCAL_PORT,
    oidcPort: env.OIDC_PROVIDER_PORT,
    gatewayPort: env.PORT,
    adminPort: env.ADMIN_PORT,
    internalTokenSecret: env.INTERNAL_TOKEN_SECRET,
    corsOrigins: env.CORS_ORIGINS ?? ['https://studio.apollographql.com'],
    logLevel: env.LOG_LEVEL,
    seedDemoData: true,
    ssoAppRedirectUrl: env.SSO_APP_REDIRECT_URL,
    natsUrl: env.NATS_URL,
    // Unset: rate limits and the APQ cache in memory.
    gateway: { redisUrl: env.REDIS_URL },
  });

  const gateway = stack.gatewayUrl.replace('127.0.0.1', 'localhost');
  const { cognito, oidc, people } = stack.identity;
  const lines = [
    '',
    'WeAce supergraph is up',
    `  GraphQL + Apollo Sandbox  ${gateway}`,
    `  liveness, readiness       ${new URL('/health', gateway)}, ${new URL('/ready', gateway)}`,
    `  admin (this host only)    ${stack.adminUrl}/metrics, ${stack.adminUrl}/health/subgraphs`,
    `  SSO login in a browser    ${stack.ssoLoginUrl}?redirect=true`,
    ...Object.entries(stack.subgraphUrls).map(
      ([name, url]) => `  subgraph ${name.padEnd(16)} ${url}`,
    ),
    stack.mongoUri
      ? `  embedded MongoDB          ${stack.mongoUri} (journal in ${env.DATA_DIR}/mongo)`
      : '  MongoDB                   from MONGODB_URI',
    `  cognito-local             ${cognito.endpoint} (user pool ${cognito.userPoolId}; sign-up and reset codes appear in this log)`,
    `  OpenID provider (SSO)     ${oidc.issuer}`,
    `  domain events             ${env.NATS_URL ? `NATS JetStream at ${env.NATS_URL}` : 'in process (set NATS_URL for NATS JetStream)'}`,
    ...(stack.subgraphUrls.notifications
      ? [`  local email, SMS, push    ${new URL('/notifications/local-outbox', gateway)}`]
      : []),
    `  demo accounts             password ${DEMO_PASSWORD}, for login and SSO alike`,
    ...people.map((person) => `    ${person.email.padEnd(26)} ${person.roles.join(', ')}`),
    '  stop                      Ctrl-C',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      process.stdout.write('\nstopping…\n');
      stack.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
