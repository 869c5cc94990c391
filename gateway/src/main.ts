import { readFile } from 'node:fs/promises';
import { ConfigError, createLogger, startTracing } from '@weace/service-kit';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

/** The gateway as its own process (one container per service); `npm start` runs it in process instead. */
async function main() {
  const config = loadGatewayConfig(process.env);
  const logger = createLogger({ service: 'gateway', level: config.logLevel });
  // Before the servers exist: they trace their requests only when tracing runs.
  if (config.otlpEndpoint) startTracing({ endpoint: config.otlpEndpoint, service: 'gateway' });
  const gateway = await startGateway({
    ...config,
    logger,
    supergraph: { supergraphSdl: await readFile(config.supergraphPath, 'utf8') },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void gateway.stop().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
