import { registerEnumType } from 'type-graphql';
import { Role } from '../identity/identity';

/**
 * `Role` as GraphQL sees it, for decorators: `@Field(() => [GraphQLRole]) roles!: Role[]`.
 * type-graphql names enum values after the TypeScript keys, which are
 * PascalCase in `Role`; keying this twin by the values gives clients the
 * conventional ADMIN, COACH… while resolvers keep handling plain `Role`s.
 * Registered once per process here, so every subgraph exposes the same enum
 * and the supergraph composes.
 */
export const GraphQLRole = Object.fromEntries(Object.values(Role).map((role) => [role, role])) as {
  readonly [R in Role]: R;
};

registerEnumType(GraphQLRole, { name: 'Role', description: "The identity provider's groups" });
