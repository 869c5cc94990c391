import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ANONYMOUS,
  type Caller,
  type InternalTokenSecret,
  type Logger,
  type TokenVerifierOptions,
  createAccessTokenVerifier,
  createTokenVerifier,
  createErrorFormatter,
  createHttpApp,
  createInternalTokens,
  createLogger,
  createMetrics,
  listen,
} from '@weace/service-kit';
import cors from 'cors';
import { GraphQLError } from 'graphql';
import { startAdminServer } from './admin/admin-server';
import type { GatewayContext } from './gateway-context';
import type { SubgraphEndpoint } from './health/subgraph-health';
import { graphqlHandler } from './http/graphql-handler';
import { requestSignalOf } from './overload/deadline';
import { type OverloadOptions, useOverloadProtection } from './overload/overload';
import { introspectionGuard } from './plugins/introspection-guard';
import { subgraphsOf } from './compose/supergraph-subgraphs';
import { createSsoRoutes } from './sso/sso-routes';
import type { SsoOptions } from './sso/sso-options';
import { createSsoServices } from './sso/sso-services';
import { callerKeyOf } from './subgraphs/internal-token-cache';
import type { SubgraphCallOptions } from './subgraphs/subgraph-data-source';
import { createSubgraphRouting } from './subgraphs/subgraph-routing';

/** Where the gateway's schema comes from. */
export type SupergraphSource =
  /** A composed supergraph (`schema/supergraph.graphql`), as in production. */
  | { readonly supergraphSdl: string }
  /** Live subgraphs, composed from their SDL at start, as the test kit does. */
  | { readonly subgraphs: readonly SubgraphEndpoint[] };

export interface GatewayOptions {
  readonly nodeEnv: 'development' | 'test' | 'production';
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 = any free port. */
  readonly port: number;
  readonly supergraph: SupergraphSource;
  /**
   * Subgraph name → URL, or the URLs of its instances (requests spread over
   * the healthy ones), replacing the supergraph's routing URL.
   */
  readonly subgraphUrls?: Readonly<Record<string, string | readonly string[]>>;
  /** Which identity providers' access tokens are accepted. */
  readonly tokens: TokenVerifierOptions;
  /** Signs the per-fetch identity for subgraphs (the first of a list); shared with them. */
  readonly internalTokenSecret: InternalTokenSecret;
  /** Browser origins allowed by CORS. Default: none besides same-origin. */
  readonly corsOrigins?: readonly string[];
  /**
   * Single sign-on at `/auth/sso/*` (authorization code + PKCE); needs the
   * auth and users subgraphs. Default: off.
   */
  readonly sso?: SsoOptions;
  /** Default: JSON lines on stdout. */
  readonly logger?: Logger;
  /** Timeouts, connection pools and health probes of subgraph fetches. */
  readonly subgraphCalls?: SubgraphCallOptions;
  /** Admission control and the request deadline. */
  readonly overload?: OverloadOptions;
  /**
   * The operator's port: `/metrics`, `/health/subgraphs`. Absent: none (the
   * process entry points always set one; see `ADMIN_PORT`).
   */
  readonly admin?: { readonly host?: string; readonly port: number };
}

export interface RunningGateway {
  readonly url: string;
  readonly port: number;
  /** The admin port's origin, when it runs. */
  readonly adminUrl?: string;
  stop(): Promise<void>;
}

function unauthenticated(): GraphQLError {
  return new GraphQLError('Invalid or expired token', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

function urlOf(
  subgraphs: readonly { name: string; urls: readonly string[] }[],
  name: string,
): string {
  const url = subgraphs.find((subgraph) => subgraph.name === name)?.urls[0];
  if (!url) throw new Error(`SSO needs the ${name} subgraph, which the supergraph lacks`);
  return url;
}

/**
 * The federated gateway: verifies the caller's token, plans each operation
 * across subgraphs and sends every fetch with a gateway-signed identity.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger({ service: 'gateway' });
  const production = options.nodeEnv === 'production';
  const internalTokens = createInternalTokens({
    secret: options.internalTokenSecret,
    service: 'gateway',
  });
  const verifyAccessToken = createAccessTokenVerifier(options.tokens);

  const source = options.supergraph;
  const subgraphs = (
    'supergraphSdl' in source ? subgraphsOf(source.supergraphSdl) : source.subgraphs
  ).map(({ name, url }) => {
    const override = options.subgraphUrls?.[name];
    return { name, url, urls: override === undefined ? [url] : [override].flat() };
  });
  const routing = createSubgraphRouting({
    subgraphs,
    calls: options.subgraphCalls,
    tokens: internalTokens,
    logger,
  });
  const gateway = new ApolloGateway({
    logger,
    supergraphSdl:
      'supergraphSdl' in source ? source.supergraphSdl : new IntrospectAndCompose({ subgraphs }),
    buildService: routing.buildService,
  });

  const ssoRoutes =
    options.sso &&
    createSsoRoutes({
      sso: options.sso,
      services: createSsoServices({
        authUrl: urlOf(subgraphs, 'auth'),
        usersUrl: urlOf(subgraphs, 'users'),
        internalTokenSecret: options.internalTokenSecret,
      }),
      verifyToken: createTokenVerifier(options.tokens),
      logger,
    });

  const metrics = createMetrics('gateway');
  let loaded = false;
  // Ready once the supergraph is loaded; a subgraph down degrades, it does not take every replica out.
  const readiness = async () => {
    if (!loaded) throw new Error('the supergraph is not loaded yet');
    return { subgraphs: routing.statuses() };
  };
  const app = createHttpApp({
    service: 'gateway',
    logger,
    beforeBody: useOverloadProtection(options.overload),
    readiness,
  });
  const http = await listen(app, options.port, options.host);
  const admin =
    options.admin &&
    (await startAdminServer({
      ...options.admin,
      metrics: metrics.registry,
      subgraphs: routing.report,
      readiness,
      logger,
    }));

  const server = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    // The process owner (main.ts, npm start) stops services in order; Apollo must not race it.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    plugins: [
      metrics.plugin,
      ApolloServerPluginDrainHttpServer({ httpServer: http.server }),
      ...(production
        ? [introspectionGuard(), ApolloServerPluginLandingPageDisabled()]
        : [ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })]),
    ],
  });
  await server.start();
  loaded = true;

  async function callerOf(authorization: string | undefined): Promise<Caller> {
    if (!authorization) return ANONYMOUS;
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated();
    try {
      return { kind: 'user', identity: await verifyAccessToken(token) };
    } catch {
      throw unauthenticated();
    }
  }

  const allowedOrigins = cors({ origin: [...(options.corsOrigins ?? [])], credentials: true });
  if (ssoRoutes) app.use('/auth/sso', allowedOrigins, ssoRoutes);
  app.use(
    '/graphql',
    allowedOrigins,
    graphqlHandler({
      server,
      context: async ({ req, res }) => {
        const caller = await callerOf(req.headers.authorization);
        // The auth service throttles failed logins per client IP as well as per account.
        const clientIp = req.ip;
        return {
          requestId: res.locals.requestId as string,
          caller,
          clientIp,
          callerKey: callerKeyOf(caller, clientIp),
          signal: requestSignalOf(res.locals),
        };
      },
    }),
  );
  logger.info({ url: `${http.url}/graphql` }, 'gateway ready');

  return {
    url: `${http.url}/graphql`,
    port: http.port,
    adminUrl: admin ? admin.url : undefined,
    async stop() {
      await server.stop();
      await admin?.close();
      await routing.close();
    },
  };
}
