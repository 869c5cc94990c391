import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { startServer as startEmbeddedMongo } from '@weace/embedded-mongo';
import type { RequestHandler } from 'express';
import { type Transport, createScheduler } from '@weace/events';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import type { ServiceConfig } from '../config/service-config';
import { openDatabase } from '../data/database';
import { ErrorCode } from '../errors/errors';
import { createErrorFormatter } from '../errors/normalize';
import { type ServiceContext, createServiceContext } from '../graphql/context';
import { serviceGrantsPlugin } from '../graphql/service-grants';
import { createHttpApp } from '../http/http-app';
import { listen } from '../http/listen';
import { INTERNAL_TOKEN_HEADER, createInternalTokens } from '../identity/internal-token';
import { ANONYMOUS, type Caller } from '../identity/identity';
import { createLogger } from '../logging/logger';
import { deadLetterResolver } from '../events/dead-letters.resolver';
import { createServiceEventBus } from '../events/service-event-bus';
import { createMetrics } from '../metrics/metrics';
import { type DemoProfile, type SubgraphDefinition, subgraphSchema } from './subgraph-definition';

export interface StartSubgraphOptions {
  readonly config: ServiceConfig;
  /**
   * The environment the subgraph's own settings come from (`process.env` in
   * its main.ts); only definitions with `start` read it. Default: empty, so
   * every such setting takes its default.
   */
  readonly env?: Env;
  /** Default: JSON lines on stdout at `config.logLevel`. */
  readonly logger?: Logger;
  /**
   * Carries the service's domain events. Default: NATS JetStream when
   * `config.natsUrl` is set, otherwise an in-process transport of its own
   * (`npm start` and the test kit pass one shared by every service).
   */
  readonly transport?: Transport;
}

export interface RunningService {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** The definition's demo data, when it has some ({@link StartedServices.seedDemo}). */
  seedDemo?(people: readonly DemoProfile[]): Promise<void>;
  /** Stops taking requests, lets in-flight ones finish, closes the database. */
  stop(): Promise<void>;
}

/**
 * Runs one subgraph: database, type-graphql schema as a Federation 2
 * subgraph, Apollo Server 5 on Node's HTTP server, health/ready/metrics.
 * Every GraphQL request must carry an internal token addressed to this
 * subgraph; requests sent straight to it without one are refused, and a
 * service caller runs only the operations its token declares.
 */
export async function startSubgraph(
  definition: SubgraphDefinition,
  {
    config,
    env = {},
    logger = createLogger({ service: definition.name, level: config.logLevel }),
    transport,
  }: StartSubgraphOptions,
): Promise<RunningService> {
  // Whatever started is stopped in reverse order, also when a later step fails.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const embedded = config.mongodbUri ? undefined : await startEmbeddedMongo({ port: 0 });
    if (embedded) {
      stops.push(() => embedded.stop());
      logger.warn(
        'MONGODB_URI is not set: using an in-memory embedded engine; data ends with the process',
      );
    }
    const metrics = createMetrics(definition.name);
    const database = await openDatabase(definition.name, config.mongodbUri ?? embedded!.uri, {
      monitorCommands: true,
    });
    stops.push(() => database.close());
    metrics.observeDatabase(database);

    const events = createServiceEventBus(definition.name, {
      config,
      connection: database,
      logger,
      registry: metrics.registry,
      transport,
    });
    stops.push(() => events.stop());
    // A job's events are relayed as soon as its transaction commits.
    const jobs = createScheduler({ connection: database, logger, onCommit: () => events.wake() });
    stops.push(() => jobs.stop());
    const started = (await definition.start?.({ config, env, logger, events, jobs })) ?? {};
    if (started.stop) stops.push(started.stop);
    // Models made by `start` (the people directory, …) get their indexes before traffic too.
    await Promise.all(Object.values(database.models).map((model) => model.createIndexes()));
    const schema = await subgraphSchema(definition, [
      ...(started.resolvers ?? []),
      deadLetterResolver(definition.name).create(events),
    ]);
    // Consumers are subscribed by now; events flow from here on.
    await events.start();
    await jobs.start();

    const app = createHttpApp({
      service: definition.name,
      logger,
      metrics: metrics.registry,
      readiness: async () => {
        await database.db!.command({ ping: 1 });
      },
    });
    const http = await listen(app, config.port, config.host);
    stops.push(() => http.close());

    const server = new ApolloServer<ServiceContext>({
      schema,
      logger,
      // The process owner (main.ts, npm start) stops services in order; Apollo must not race it.
      stopOnTerminationSignals: false,
      formatError: createErrorFormatter(logger),
      includeStacktraceInErrorResponses: false,
      introspection: config.nodeEnv !== 'production',
      plugins: [
        metrics.plugin,
        serviceGrantsPlugin(),
        ApolloServerPluginDrainHttpServer({ httpServer: http.server }),
        ApolloServerPluginLandingPageDisabled(),
      ],
    });
    await server.start();
    stops.push(() => server.stop());

    const tokens = createInternalTokens({
      secret: config.internalTokenSecret,
      service: definition.name,
    });
    /**
     * Who calls, from the gateway-signed internal token. GraphQL requires
     * one; the service's own routes take a request without one as ANONYMOUS
     * (public calendar files), and refuse a token that does not verify.
     */
    const identify =
      (required: boolean): RequestHandler =>
      async (req, res, next) => {
        const token = req.header(INTERNAL_TOKEN_HEADER);
        try {
          if (!token) {
            if (required) throw new Error('missing internal token');
            res.locals.caller = ANONYMOUS;
            return next();
          }
          const { caller, clientIp } = await tokens.verify(token);
          res.locals.caller = caller;
          res.locals.clientIp = clientIp;
          next();
        } catch (error) {
          logger.warn(
            { reason: (error as Error).message },
            'refused a request without a valid internal token',
          );
          res.status(401).json({
            errors: [
              {
                message: 'Requests must come through the gateway',
                extensions: { code: ErrorCode.Unauthenticated },
              },
            ],
          });
        }
      };
    app.use(
      '/graphql',
      identify(true),
      expressMiddleware(server, {
        context: async ({ res }) =>
          createServiceContext({
            requestId: res.locals.requestId as string,
            caller: res.locals.caller as Caller,
            clientIp: res.locals.clientIp as string | undefined,
            logger,
          }),
      }),
    );
    if (started.routes) app.use(identify(false), started.routes);
    logger.info({ url: `${http.url}/graphql` }, 'subgraph ready');

    return {
      name: definition.name,
      url: `${http.url}/graphql`,
      port: http.port,
      seedDemo: started.seedDemo,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
