import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer as startEmbeddedMongo } from '@weace/embedded-mongo';
import {
  type LocalIssuer as TrustedIssuer,
  type RunningGateway,
  readSupergraphConfig,
  startGateway,
} from '@weace/gateway';
import {
  type Logger,
  type RunningService,
  type SubgraphDefinition,
  createLogger,
  startSubgraph,
} from '@weace/service-kit';
import { seedDemoOrganisation } from '@weace/users';
import { demoPeople } from './demo-organisation';
import { startLocalIssuer, type LocalIssuer } from './local-issuer';
import { subgraphs } from './subgraphs';

export interface StackOptions {
  /** `development` for npm start; `test` for the test kit. */
  readonly mode: 'development' | 'test';
  /** The repository root (supergraph.yaml, schema/). */
  readonly root: string;
  /**
   * `supergraph`: the ports of supergraph.yaml's routing URLs and the composed
   * schema/supergraph.graphql (npm start). `ephemeral`: free ports, composed
   * live from the running subgraphs' SDL (tests run side by side).
   */
  readonly ports: 'supergraph' | 'ephemeral';
  /** Journal directory of the embedded engine; memory only when absent. */
  readonly dataDir?: string;
  /** Per-subgraph database URI (`<NAME>_MONGODB_URI`, else `MONGODB_URI`); the embedded engine when absent. */
  readonly mongodbUris?: Readonly<Record<string, string | undefined>>;
  readonly embeddedMongoPort?: number;
  /** The local token issuer's port; tokens from `npm run token` need the fixed one. */
  readonly issuerPort?: number;
  readonly gatewayPort?: number;
  readonly internalTokenSecret?: string;
  readonly seedDemoData?: boolean;
  readonly logLevel?: string;
  readonly corsOrigins?: readonly string[];
  /** Subgraphs a test scenario adds beside the real ones (ephemeral ports only). */
  readonly extraSubgraphs?: readonly SubgraphDefinition[];
}

export interface Stack {
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** The embedded engine's URI, when one runs. */
  readonly mongoUri?: string;
  readonly issuer: LocalIssuer;
  stop(): Promise<void>;
}

/** The local issuer's `client_id`. */
export const LOCAL_CLIENT_ID = 'weace-local';

/**
 * Starts the whole supergraph in this process: the embedded engine (unless
 * every subgraph has a database URI), every subgraph, a local token issuer,
 * and the gateway. Stops everything it started, in reverse order.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const level = options.logLevel ?? (options.mode === 'test' ? 'silent' : 'info');
    const logger = (service: string): Logger => createLogger({ service, level });
    const internalTokenSecret =
      options.internalTokenSecret ?? randomBytes(32).toString('base64url');
    const config = await readSupergraphConfig(join(options.root, 'supergraph.yaml'));

    const all = [...subgraphs, ...(options.extraSubgraphs ?? [])];
    const needsEmbedded = all.some(({ name }) => !options.mongodbUris?.[name]);
    const embedded = needsEmbedded
      ? await startEmbeddedMongo({
          port: options.embeddedMongoPort ?? 0,
          dbPath: options.dataDir && join(options.dataDir, 'mongo'),
        })
      : undefined;
    if (embedded) stops.push(() => embedded.stop());

    const issuer = await startLocalIssuer({
      port: options.issuerPort ?? 0,
      clientId: LOCAL_CLIENT_ID,
      keyFile: options.dataDir && join(options.dataDir, 'local-issuer', 'key.json'),
    });
    stops.push(() => issuer.stop());

    const running: RunningService[] = [];
    for (const definition of all) {
      const entry = config.subgraphs.find(({ name }) => name === definition.name);
      if (!entry && options.ports === 'supergraph') {
        throw new Error(`supergraph.yaml has no entry for the ${definition.name} subgraph`);
      }
      const service = await startSubgraph(definition, {
        config: {
          nodeEnv: options.mode,
          logLevel: level,
          host: '127.0.0.1',
          port:
            entry && options.ports === 'supergraph' ? Number(new URL(entry.routingUrl).port) : 0,
          mongodbUri: options.mongodbUris?.[definition.name] ?? embedded!.uri,
          internalTokenSecret,
        },
        logger: logger(definition.name),
      });
      stops.push(() => service.stop());
      running.push(service);
    }
    const subgraphUrls = Object.fromEntries(running.map(({ name, url }) => [name, url]));

    if (options.seedDemoData) await seedDemoOrganisation(demoPeople);

    const trusted: TrustedIssuer = {
      issuer: issuer.issuer,
      jwksUri: issuer.jwksUri,
      clientId: issuer.clientId,
    };
    const gateway: RunningGateway = await startGateway({
      nodeEnv: options.mode,
      port: options.gatewayPort ?? (options.ports === 'supergraph' ? 3000 : 0),
      supergraph:
        options.ports === 'supergraph'
          ? {
              supergraphSdl: await readFile(
                join(options.root, 'schema', 'supergraph.graphql'),
                'utf8',
              ),
            }
          : { subgraphs: running.map(({ name, url }) => ({ name, url })) },
      tokens: { localIssuers: [trusted] },
      internalTokenSecret,
      corsOrigins: options.corsOrigins,
      logger: logger('gateway'),
    });
    stops.push(() => gateway.stop());

    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      mongoUri: embedded?.uri,
      issuer,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
