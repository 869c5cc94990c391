import type { EventBus, Scheduler } from '@weace/events';
import type { GraphQLSchema } from 'graphql';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Env } from '../config/env';
import type { ServiceConfig } from '../config/service-config';
import type { Role } from '../identity/identity';
import { deadLetterResolver } from '../events/dead-letters.resolver';
import { type SubgraphSchemaOptions, buildTypeGraphQLSubgraph } from '../graphql/subgraph-schema';

/**
 * Everything the kit needs to run a subgraph, in its package's `index.ts`.
 * A new subgraph is this object, its resolvers and services, and a two-line
 * `main.ts`; its port here is the one source for supergraph.yaml, `npm
 * start`, docker-compose.yml and the gateway's health list (a test checks).
 */
export interface SubgraphDefinition {
  /** Service name: logs, metrics, database `weace_<name>`, event producer and consumer prefix. */
  readonly name: string;
  /** Its port in the supergraph (3001 auth … 3007 engagement). */
  readonly port: number;
  /** The resolver classes and entity references: the one schema, printed and served alike. */
  readonly schema: Omit<SubgraphSchemaOptions, 'resolverInstances'>;
  /**
   * Makes what the resolvers act through (services over the database, the
   * event bus, an identity provider, other services) and subscribes the
   * service's event consumers. Resolver classes without an instance here are
   * created with `new`.
   */
  readonly start?: (runtime: SubgraphRuntime) => Promise<StartedServices>;
}

/** What a subgraph's {@link SubgraphDefinition.start} is given. */
export interface SubgraphRuntime {
  readonly config: ServiceConfig;
  /** The variables the subgraph reads besides {@link ServiceConfig}'s; parse them with `parseEnv`. */
  readonly env: Env;
  readonly logger: Logger;
  /** Publish with state changes, subscribe to other services' events (before the service serves). */
  readonly events: EventBus;
  /**
   * Durable jobs in the service's database: `schedule`/`cancel` with the
   * caller's session, `define` handlers here; due jobs run once the service serves.
   */
  readonly jobs: Scheduler;
}

/** A person of the demo organisation, with their profile's id. */
export interface DemoProfile {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly department: string;
  readonly jobTitle: string;
}

export interface StartedServices {
  /** Resolver instances made with their dependencies (`new BookingResolver(bookings)`). */
  readonly resolvers?: readonly object[];
  /**
   * HTTP routes besides `/graphql` (calendar files, streams, unsubscribe
   * pages), mounted at the root. `res.locals.caller` is the {@link Caller}
   * the gateway signed in, ANONYMOUS for a request without one. The gateway
   * serves the paths it lists in its service routes by proxying them here.
   */
  readonly routes?: Router;
  /**
   * Gives a first `npm start` something to show: the demo organisation's
   * data of this service, made through its own services so their domain
   * events are published (other services derive their demo data from them).
   * Called once users has seeded the people, in the supergraph's order; does
   * nothing when the service already has data.
   */
  seedDemo?(people: readonly DemoProfile[]): Promise<void>;
  /** Releases what `start` started; called after the server stops, before the database closes. */
  stop?(): Promise<void>;
}

/**
 * The subgraph's schema, with the kit's own fields (the service's dead
 * letters) added: `npm run compose` prints it without instances, the server
 * serves it with them, so the two cannot differ.
 */
export function subgraphSchema(
  definition: SubgraphDefinition,
  resolverInstances: readonly object[] = [],
): Promise<GraphQLSchema> {
  return buildTypeGraphQLSubgraph({
    ...definition.schema,
    resolvers: [...definition.schema.resolvers, deadLetterResolver(definition.name).resolver],
    resolverInstances,
  });
}
