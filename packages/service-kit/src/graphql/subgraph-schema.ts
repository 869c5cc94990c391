import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type GraphQLSchema, parse } from 'graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import {
  type BuildSchemaOptions,
  type ContainerType,
  buildSchema,
  createResolversMap,
} from 'type-graphql';
import { authChecker } from './auth-checker';
import type { ServiceContext } from './context';

/** The Federation 2 directives subgraphs may use in `@Directive(...)`. */
const FEDERATION_LINK = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.7"
      import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag"]
    )
`;

type SchemaModule = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>;
type ResolverMap = NonNullable<SchemaModule['resolvers']>;

/** Entity type name → how the subgraph resolves a reference to it (batch with a loader). */
export type ReferenceResolvers = Record<
  string,
  { __resolveReference(reference: never, context: ServiceContext): unknown }
>;

export interface SubgraphSchemaOptions {
  readonly resolvers: BuildSchemaOptions['resolvers'];
  readonly orphanedTypes?: BuildSchemaOptions['orphanedTypes'];
  /** `__resolveReference` per entity type name. */
  readonly referenceResolvers?: ReferenceResolvers;
  /**
   * Instances of some of the `resolvers` classes, made with their dependencies
   * (`new SessionResolver(sessions)`), to serve as they are. Classes without one
   * are created with `new`, as type-graphql does by default.
   */
  readonly resolverInstances?: readonly object[];
}

function instancesFirst(instances: readonly object[]): ContainerType {
  const byClass = new Map<unknown, object>(
    instances.map((instance) => [instance.constructor, instance]),
  );
  return {
    get: (resolverClass: new () => object) => byClass.get(resolverClass) ?? new resolverClass(),
  };
}

/**
 * Builds a type-graphql schema (class-validator on, our auth checker), then
 * turns it into an Apollo Federation 2 subgraph schema — type-graphql's own
 * federation recipe, with the reference resolvers merged per type.
 */
export async function buildTypeGraphQLSubgraph(
  options: SubgraphSchemaOptions,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    container: instancesFirst(options.resolverInstances ?? []),
    authChecker,
    // `DateTime` everywhere (ARCHITECTURE.md), not type-graphql's default `DateTimeISO`.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  // type-graphql's resolver map has the shape buildSubgraphSchema expects, typed more loosely.
  const resolvers = createResolversMap(schema) as ResolverMap;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference } as ResolverMap[string];
  }
  return buildSubgraphSchema({
    typeDefs: parse(FEDERATION_LINK + printSchemaWithDirectives(schema)),
    resolvers,
  });
}
