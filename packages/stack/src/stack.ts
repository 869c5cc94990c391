import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer as startEmbeddedMongo } from '@weace/embedded-mongo';
import { createInProcessTransport, createNatsTransport } from '@weace/events';
import {
  type GatewayOptions,
  type ProtectionOptions,
  type RunningGateway,
  type SubgraphEndpoint,
  readSupergraphConfig,
  startGateway,
} from '@weace/gateway';
import type { LocalOidcAccount } from '@weace/local-identity';
import {
  type Env,
  type Logger,
  type LoggerOptions,
  type RunningService,
  type SubgraphDefinition,
  createLogger,
  startSubgraph,
} from '@weace/service-kit';
import { demoPeople } from './demo-organisation';
import { seedDemoData } from './demo-data';
import { freePort } from './free-port';
import { type LocalIdentity, startLocalIdentity } from './local-identity';
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
  /**
   * Keeps the embedded engine's journal (`mongo/`), the user pool (`cognito/`)
   * and the OpenID provider's key (`oidc/`). Absent: memory and a temporary
   * directory, gone after stop.
   */
  readonly dataDir?: string;
  /** Per-subgraph database URI (`<NAME>_MONGODB_URI`, else `MONGODB_URI`); the embedded engine when absent. */
  readonly mongodbUris?: Readonly<Record<string, string | undefined>>;
  readonly embeddedMongoPort?: number;
  /** cognito-local's port. Default: 9229 with `supergraph` ports, else a free one. */
  readonly cognitoPort?: number;
  /** The local OpenID provider's port. Default: 3011 with `supergraph` ports, else a free one. */
  readonly oidcPort?: number;
  /** Default: 3000 with `supergraph` ports, else a free one. */
  readonly gatewayPort?: number;
  /** The gateway's admin port (metrics, subgraph health). Default: 9100 with `supergraph` ports, else a free one. */
  readonly adminPort?: number;
  /**
   * Gateway settings a scenario tunes: subgraph instances, timeouts, overload
   * limits, and protection (limits, rate limits, Redis, proxies). Partners are
   * on, in the embedded engine or `mongodbUris.gateway`, unless given here.
   */
  readonly gateway?: Pick<
    GatewayOptions,
    'subgraphUrls' | 'subgraphCalls' | 'overload' | 'serviceRoutes'
  > &
    ProtectionOptions;
  readonly internalTokenSecret?: string;
  /** The demo organisation: accounts (cognito-local and the OpenID provider) and profiles. */
  readonly seedDemoData?: boolean;
  /** Accounts of the OpenID provider only, for first SSO sign-ins in tests. */
  readonly ssoOnlyAccounts?: readonly LocalOidcAccount[];
  /**
   * The app page the SSO callback sends browsers to, with the tokens in the
   * URL fragment. Default: none, the callback answers JSON.
   */
  readonly ssoAppRedirectUrl?: string;
  readonly logLevel?: string;
  /** Where every service writes its JSON log lines. Default: stdout. */
  readonly logDestination?: LoggerOptions['destination'];
  readonly corsOrigins?: readonly string[];
  /** Subgraphs a test scenario adds beside the real ones (ephemeral ports only). */
  readonly extraSubgraphs?: readonly SubgraphDefinition[];
  /**
   * Subgraphs a scenario runs itself (e.g. instances behind proxies it
   * controls), composed into the gateway beside the stack's (ephemeral ports only).
   */
  readonly externalSubgraphs?: readonly SubgraphEndpoint[];
  /**
   * NATS JetStream for domain events (`NATS_URL`). Default: one in-process
   * transport that every service of the stack shares.
   */
  readonly natsUrl?: string;
}

export interface Stack {
  readonly gatewayUrl: string;
  /** The gateway's admin origin: `/metrics`, `/health/subgraphs`. */
  readonly adminUrl: string;
  /** `GET` it for the authorize URL, or open it with `?redirect=true` in a browser. */
  readonly ssoLoginUrl: string;
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** The embedded engine's URI, when one runs. */
  readonly mongoUri?: string;
  /** cognito-local and the OpenID provider, with the seeded people's subjects. */
  readonly identity: LocalIdentity;
  stop(): Promise<void>;
}

const DEV_PORTS = { gateway: 3000, admin: 9100, cognito: 9229, oidc: 3011 };

/**
 * Starts the whole supergraph in this process: the embedded engine (unless
 * every subgraph has a database URI), cognito-local and the OpenID provider,
 * every subgraph, and the gateway trusting both identity providers with SSO
 * through the OpenID provider. Stops everything it started, in reverse order.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const fixedPorts = options.ports === 'supergraph';
    const level = options.logLevel ?? (options.mode === 'test' ? 'silent' : 'info');
    const logger = (service: string): Logger =>
      createLogger({ service, level, destination: options.logDestination });
    const internalTokenSecret =
      options.internalTokenSecret ?? randomBytes(32).toString('base64url');
    const config = await readSupergraphConfig(join(options.root, 'supergraph.yaml'));
    const all = [...subgraphs, ...(options.extraSubgraphs ?? [])];

    // Every service's URL is settled before any starts: services call each
    // other, and the OpenID client names the gateway's callback.
    const portOf = new Map<string, number>();
    for (const { name, port } of all) {
      if (fixedPorts && !config.subgraphs.some((subgraph) => subgraph.name === name)) {
        throw new Error(`supergraph.yaml has no entry for the ${name} subgraph`);
      }
      portOf.set(name, fixedPorts ? port : await freePort());
    }
    const serviceUrl = (name: string) => `http://127.0.0.1:${portOf.get(name)}/graphql`;
    const gatewayPort = options.gatewayPort ?? (fixedPorts ? DEV_PORTS.gateway : await freePort());
    // Browsers keep the SSO cookie per host name: the callback must use the name they start on.
    const gatewayOrigin = `http://${options.mode === 'development' ? 'localhost' : '127.0.0.1'}:${gatewayPort}`;

    const needsEmbedded = all.some(({ name }) => !options.mongodbUris?.[name]);
    const embedded = needsEmbedded
      ? await startEmbeddedMongo({
          port: options.embeddedMongoPort ?? 0,
          dbPath: options.dataDir && join(options.dataDir, 'mongo'),
        })
      : undefined;
    if (embedded) stops.push(() => embedded.stop());

    const identity = await startLocalIdentity({
      dataDir: options.dataDir,
      cognitoPort: options.cognitoPort ?? (fixedPorts ? DEV_PORTS.cognito : 0),
      oidcPort: options.oidcPort ?? (fixedPorts ? DEV_PORTS.oidc : 0),
      ssoRedirectUri: `${gatewayOrigin}/auth/sso/callback`,
      people: options.seedDemoData ? demoPeople : [],
      ssoOnlyAccounts: options.ssoOnlyAccounts,
      logger: logger('cognito-local'),
    });
    stops.push(() => identity.stop());
    const { cognito, oidc, ssoClient } = identity;

    const env: Env = {
      COGNITO_REGION: cognito.region,
      COGNITO_ENDPOINT: cognito.endpoint,
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_ID: cognito.clientId,
      AUTH_SERVICE_URL: serviceUrl('auth'),
      SSO_LOGIN_URL: `${gatewayOrigin}/auth/sso/login?redirect=true`,
      SSO_LOGOUT_URL: `${gatewayOrigin}/auth/sso/logout?redirect=true`,
      SSO_TOKEN_URL: oidc.endpoints.token,
      SSO_REVOKE_URL: oidc.endpoints.revocation,
      SSO_ISSUER: oidc.issuer,
      SSO_JWKS_URI: oidc.jwksUri,
      SSO_CLIENT_ID: ssoClient.clientId,
      SSO_CLIENT_SECRET: ssoClient.clientSecret,
    };
    const transport = options.natsUrl
      ? createNatsTransport({ servers: options.natsUrl, logger: logger('events') })
      : createInProcessTransport();
    stops.push(() => transport.close());
    const running: RunningService[] = [];
    for (const definition of all) {
      const service = await startSubgraph(definition, {
        config: {
          nodeEnv: options.mode,
          logLevel: level,
          host: '127.0.0.1',
          port: portOf.get(definition.name)!,
          mongodbUri: options.mongodbUris?.[definition.name] ?? embedded!.uri,
          internalTokenSecret,
        },
        env,
        logger: logger(definition.name),
        transport,
      });
      stops.push(() => service.stop());
      running.push(service);
    }
    const subgraphUrls = Object.fromEntries(running.map(({ name, url }) => [name, url]));

    if (options.seedDemoData) {
      await seedDemoData(identity.people, running, internalTokenSecret);
    }

    const partnersUri = options.mongodbUris?.gateway ?? embedded?.uri;
    const gateway: RunningGateway = await startGateway({
      nodeEnv: options.mode,
      port: gatewayPort,
      supergraph: fixedPorts
        ? {
            supergraphSdl: await readFile(
              join(options.root, 'schema', 'supergraph.graphql'),
              'utf8',
            ),
          }
        : {
            subgraphs: [
              ...running.map(({ name, url }) => ({ name, url })),
              ...(options.externalSubgraphs ?? []),
            ],
          },
      tokens: {
        localIssuers: [
          {
            issuer: cognito.issuer,
            jwksUri: cognito.jwksUri,
            clientId: cognito.clientId,
            tokenUse: 'access',
          },
          {
            issuer: oidc.issuer,
            jwksUri: oidc.jwksUri,
            clientId: ssoClient.clientId,
            tokenUse: 'access',
          },
        ],
      },
      sso: {
        provider: {
          authorizationEndpoint: oidc.endpoints.authorization,
          logoutEndpoint: oidc.endpoints.endSession,
          logoutRedirectParameter: 'post_logout_redirect_uri',
        },
        clientId: ssoClient.clientId,
        redirectUri: `${gatewayOrigin}/auth/sso/callback`,
        appRedirectUrl: options.ssoAppRedirectUrl,
        cookieSecret: randomBytes(32).toString('base64url'),
      },
      internalTokenSecret,
      corsOrigins: options.corsOrigins,
      logger: logger('gateway'),
      admin: { port: options.adminPort ?? (fixedPorts ? DEV_PORTS.admin : 0) },
      partners: partnersUri ? { mongodbUri: partnersUri } : undefined,
      ...options.gateway,
    });
    stops.push(() => gateway.stop());

    return {
      gatewayUrl: gateway.url,
      adminUrl: gateway.adminUrl!,
      ssoLoginUrl: `${gatewayOrigin}/auth/sso/login`,
      subgraphUrls,
      mongoUri: embedded?.uri,
      identity,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
