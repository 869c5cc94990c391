import { join } from 'node:path';
import { ConfigError, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import { startStack } from './stack';
import { subgraphs } from './subgraphs';

/** `npm start`: the whole supergraph on embedded defaults, in this process. */
async function main() {
  const env = parseEnv(
    {
      LOG_LEVEL: envVar.logLevel(),
      DATA_DIR: z.string().min(1).default('.data'),
      PORT: envVar.port(3000),
      EMBEDDED_MONGO_PORT: envVar.port(27017),
      LOCAL_ISSUER_PORT: envVar.port(3010),
      MONGODB_URI: envVar.mongoUri().optional(),
      INTERNAL_TOKEN_SECRET: envVar.secret().optional(),
      CORS_ORIGINS: envVar.list().optional(),
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
  const mongodbUris = Object.fromEntries(
    subgraphs.map(({ name }) => [
      name,
      (env as unknown as Record<string, string | undefined>)[`${name.toUpperCase()}_MONGODB_URI`] ??
        env.MONGODB_URI,
    ]),
  );
  const stack = await startStack({
    mode: 'development',
    root,
    ports: 'supergraph',
    dataDir: join(root, env.DATA_DIR),
    mongodbUris,
    embeddedMongoPort: env.EMBEDDED_MONGO_PORT,
    issuerPort: env.LOCAL_ISSUER_PORT,
    gatewayPort: env.PORT,
    internalTokenSecret: env.INTERNAL_TOKEN_SECRET,
    corsOrigins: env.CORS_ORIGINS ?? ['https://studio.apollographql.com'],
    logLevel: env.LOG_LEVEL,
    seedDemoData: true,
  });

  const gateway = stack.gatewayUrl.replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    'WeAce supergraph is up',
    `  GraphQL + Apollo Sandbox  ${gateway}`,
    `  health of every service   ${new URL('/health', gateway)}`,
    ...Object.entries(stack.subgraphUrls).map(
      ([name, url]) => `  subgraph ${name.padEnd(16)} ${url}`,
    ),
    stack.mongoUri
      ? `  embedded MongoDB          ${stack.mongoUri} (journal in ${env.DATA_DIR}/mongo)`
      : '  MongoDB                   from MONGODB_URI',
    '  sign in as a demo user    npm run token -- ada.admin@weace.dev   (then send "Authorization: Bearer <token>")',
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
