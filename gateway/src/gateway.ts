import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ANONYMOUS,
  type Caller,
  type Identity,
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
import { SERVICE_ROUTES, type ServiceRoute, serviceRoute } from './http/service-routes';
import { requestSignalOf } from './overload/deadline';
import { type OverloadOptions, useOverloadProtection } from './overload/overload';
import { DEFAULT_STREAM_PATHS, capStreams } from './overload/stream-caps';
import { introspectionGuard } from './plugins/introspection-guard';
import { createUserIdLookup } from './identity/user-ids';
import { subgraphsOf } from './compose/supergraph-subgraphs';
import { createSsoRoutes } from './sso/sso-routes';
import type { SsoOptions } from './sso/sso-options';
import { createSsoServices } from './sso/sso-services';
import { callerKeyOf } from './subgraphs/internal-token-cache';
import type { SubgraphCallOptions } from './subgraphs/subgraph-data-source';
import { createSubgraphRouting } from './subgraphs/subgraph-routing';
import { type OperationLimitsOptions, createOperationLimits } from './limits/operation-limits';
import { createApqCache } from './persisted/apq-cache';
import { partnerDocuments } from './partners/partner-documents';
import { type PartnerStore, openPartnerStore } from './partners/partner-store';
import { ipRateLimit } from './rate-limit/ip-rate-limit';
import { operationRateLimit } from './rate-limit/operation-rate-limit';
import { type RateLimit, createRateLimiters } from './rate-limit/rate-limiters';
import { connectRedis } from './redis/redis-client';
import { explorer } from './explorer/explorer';
import { appOperationNames } from './metrics/known-operations';

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
  /** HTTP paths served by proxying to a subgraph's own routes. Default {@link SERVICE_ROUTES}. */
  readonly serviceRoutes?: readonly ServiceRoute[];
  /** Timeouts, connection pools and health probes of subgraph fetches. */
  readonly subgraphCalls?: SubgraphCallOptions;
  /** Admission control and the request deadline. */
  readonly overload?: OverloadOptions;
  /**
   * The operator's port: `/metrics`, `/health/subgraphs`. Absent: none (the
   * process entry points always set one; see `ADMIN_PORT`).
   */
  readonly admin?: { readonly host?: string; readonly port: number };

  // --- protection: limits, rate limits, persisted queries -----------------------------------
  /** Depth, aliases, root fields, tokens, directives and cost; each on by default. */
  readonly limits?: OperationLimitsOptions;
  /** Largest request body, in bytes or as `100kb`; larger is 413 BODY_TOO_LARGE. Default `100kb`. */
  readonly maxBodySize?: number | string;
  /** Proxies trusted to name the client (`X-Forwarded-For`): a hop count or addresses/CIDRs. Default none. */
  readonly trustProxy?: number | readonly string[];
  /** Rate limits; each has a default (see each factory). */
  readonly rateLimits?: {
    readonly ip?: RateLimit;
    readonly requests?: RateLimit;
    readonly cost?: RateLimit;
    readonly sensitive?: Readonly<Record<string, RateLimit>>;
  };
  /** Shares rate limits and the APQ cache between replicas. Default: memory, per process. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key this gateway writes. Default `weace:`. */
  readonly redisKeyPrefix?: string;
  /** How long a registered automatic persisted query is kept. Default 86,400 s (Redis), LRU in memory. */
  readonly apqTtlSeconds?: number;
  /** Partner API keys and manifests, in `weace_gateway` on this MongoDB. Default: no partners. */
  readonly partners?: { readonly mongodbUri: string; readonly cacheSeconds?: number };
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

  const usersUrl = subgraphs.find(({ name }) => name === 'users')?.urls[0];
  const userIdOf = usersUrl
    ? createUserIdLookup({ usersUrl, internalTokenSecret: options.internalTokenSecret, logger })
    : async () => undefined;

  const redis = options.redisUrl ? await connectRedis(options.redisUrl, logger) : undefined;
  const redisPrefix = options.redisKeyPrefix ?? 'weace:';
  const limiters = createRateLimiters({ redis, keyPrefix: `${redisPrefix}rl` });
  const limits = createOperationLimits(options.limits);
  const partnerStore: PartnerStore | undefined =
    options.partners && (await openPartnerStore(options.partners));

  // Metrics label only known operations: the apps' codegen ones and those of partner manifests.
  const knownOperations = new Set(appOperationNames());
  const metrics = createMetrics('gateway', {
    knownOperations: (name) => knownOperations.has(name),
  });
  let loaded = false;
  // Ready once the supergraph is loaded; a subgraph down degrades, it does not take every replica out.
  const readiness = async () => {
    if (!loaded) throw new Error('the supergraph is not loaded yet');
    return { subgraphs: routing.statuses() };
  };
  const app = createHttpApp({
    service: 'gateway',
    logger,
    bodyLimit: options.maxBodySize ?? '100kb',
    trustProxy: options.trustProxy,
    // The request path's order: admission and deadline, then the per-IP limit, before any parsing.
    beforeBody: [
      ...useOverloadProtection(options.overload),
      ipRateLimit({ limiters, limit: options.rateLimits?.ip, logger }),
    ],
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
    hideSchemaDetailsFromClientErrors: production,
    introspection: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    persistedQueries: {
      cache: createApqCache({ redis, keyPrefix: `${redisPrefix}apq:` }),
      ttl: options.apqTtlSeconds ?? 86_400,
    },
    plugins: [
      metrics.plugin,
      limits.plugin,
      operationRateLimit({ limiters, costOf: limits.costOf, ...options.rateLimits }),
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
    let identity: Identity;
    try {
      identity = await verifyAccessToken(token);
    } catch {
      throw unauthenticated();
    }
    return { kind: 'user', identity: { ...identity, userId: await userIdOf(identity.sub) } };
  }

  const allowedOrigins = cors({ origin: [...(options.corsOrigins ?? [])], credentials: true });
  if (ssoRoutes) app.use('/auth/sso', allowedOrigins, ssoRoutes);
  app.use('/explorer', explorer());
  const streamCaps = capStreams(options.overload?.streams ?? {}, (req) =>
    callerOf(req.headers.authorization),
  );
  for (const path of options.overload?.streams?.paths ?? DEFAULT_STREAM_PATHS) {
    app.use(path, streamCaps);
  }
  for (const { path, subgraph } of options.serviceRoutes ?? SERVICE_ROUTES) {
    const url = subgraphs.find(({ name }) => name === subgraph)?.urls[0];
    if (!url) continue;
    app.use(
      path,
      allowedOrigins,
      serviceRoute({
        url,
        subgraph,
        tokens: internalTokens,
        callerOf: (req) => callerOf(req.headers.authorization),
        logger,
      }),
    );
  }
  app.use(
    '/graphql',
    allowedOrigins,
    partnerDocuments({
      store: partnerStore,
      logger,
      onDocument: ({ name }) => name && knownOperations.add(name),
    }),
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
          partner: res.locals.partner as GatewayContext['partner'],
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
      await partnerStore?.close();
      await redis?.close();
    },
  };
}
