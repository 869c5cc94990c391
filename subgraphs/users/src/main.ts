import { ConfigError, loadServiceConfig, startSubgraph } from '@weace/service-kit';
import { usersSubgraph } from './index';

async function main(): Promise<void> {
  const config = loadServiceConfig({ PORT: '3002', ...process.env });
  const service = await startSubgraph(usersSubgraph, { config });
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
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
