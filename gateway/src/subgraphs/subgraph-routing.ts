import type { GraphQLDataSource } from '@apollo/gateway';
import type { InternalTokens, Logger } from '@weace/service-kit';
import type { GatewayContext } from '../gateway-context';
import { type SubgraphsReport, reportSubgraphs, subgraphStatuses } from '../health/subgraph-health';
import { createDeduplicator } from './deduplicate';
import { createInternalTokenCache } from './internal-token-cache';
import { type SubgraphCallOptions, createSubgraphDataSource } from './subgraph-data-source';
import { createSubgraphInstances } from './subgraph-instances';

export interface SubgraphRoutingOptions {
  /** Every subgraph with the URLs of its instances. */
  readonly subgraphs: readonly { readonly name: string; readonly urls: readonly string[] }[];
  /** Timeouts, pools, probes. Default: see {@link SubgraphCallOptions}. */
  readonly calls?: SubgraphCallOptions;
  /** Signs the caller for each subgraph. */
  readonly tokens: InternalTokens;
  readonly logger: Logger;
}

export interface SubgraphRouting {
  /** ApolloGateway's `buildService`: the data source of one subgraph. */
  buildService(definition: { name: string }): GraphQLDataSource<GatewayContext>;
  /** Every instance with its URL and status (the admin port's `/health/subgraphs`). */
  report(): SubgraphsReport;
  /** Each subgraph's status by name (the public `/ready`). */
  statuses(): Record<string, string>;
  /** Stops the probes and closes every connection. */
  close(): Promise<void>;
}

/**
 * How the gateway reaches its subgraphs: per subgraph, its instances (pools,
 * probes, failover) and a data source over them; across subgraphs, one
 * internal-token cache and one in-flight deduplicator.
 */
export function createSubgraphRouting(options: SubgraphRoutingOptions): SubgraphRouting {
  const calls = options.calls ?? {};
  const instances = new Map(
    options.subgraphs.map(({ name, urls }) => [
      name,
      createSubgraphInstances({
        name,
        urls,
        connections: calls.connectionsPerInstance,
        probeIntervalMs: calls.probeIntervalMs,
      }),
    ]),
  );
  const tokens = createInternalTokenCache({ tokens: options.tokens });
  const deduplicator = createDeduplicator();
  return {
    buildService: ({ name }) => {
      const ofSubgraph = instances.get(name);
      if (!ofSubgraph) throw new Error(`The supergraph routes to ${name}, which has no URL`);
      return createSubgraphDataSource({
        instances: ofSubgraph,
        tokens,
        deduplicator,
        timeoutMs: calls.timeoutsMs?.[name] ?? calls.timeoutMs,
        logger: options.logger,
      });
    },
    report: () => reportSubgraphs([...instances.values()]),
    statuses: () => subgraphStatuses([...instances.values()]),
    close: async () => {
      await Promise.all([...instances.values()].map((i) => i.close()));
    },
  };
}
