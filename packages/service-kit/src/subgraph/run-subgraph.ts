import { ConfigError, type Env } from '../config/env';
import { loadServiceConfig } from '../config/service-config';
import { startTracing } from '../tracing/tracing';
import { startSubgraph } from './start-subgraph';
import type { SubgraphDefinition } from './subgraph-definition';

/**
 * All a subgraph's main.ts does: configuration from the environment, start,
 * stop on SIGINT or SIGTERM. A wrong setting prints what is wrong, naming
 * each variable, and exits with 1.
 */
export function runSubgraph(definition: SubgraphDefinition, processEnv: Env): void {
  // Its supergraph port unless PORT says otherwise.
  const env = { PORT: String(definition.port), ...processEnv };
  const start = async () => {
    const config = loadServiceConfig(env);
    if (config.otlpEndpoint)
      startTracing({ endpoint: config.otlpEndpoint, service: definition.name });
    return startSubgraph(definition, { config, env });
  };
  start().then(
    (service) => {
      const stop = () => {
        service.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(error);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error);
      process.exit(1);
    },
  );
}
