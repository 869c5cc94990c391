import { type SubgraphDefinition } from '@weace/service-kit';
import { Arg, Mutation, Query, Resolver } from 'type-graphql';

/**
 * A scenario subgraph whose answers show what the gateway sent: an echo
 * (distinct values defeat deduplication; equal ones invite it) and a write,
 * which must never be retried or shared.
 */
@Resolver()
class ProbeResolver {
  // Nullable, as fields whose subgraph may fail should be: the rest of the answer survives it.
  @Query(() => String, { nullable: true })
  probeEcho(@Arg('value') value: string): string {
    return value;
  }

  @Mutation(() => String)
  probeWrite(@Arg('value') value: string): string {
    return value;
  }
}

export const probeSubgraph: SubgraphDefinition = {
  name: 'probe',
  port: 0,
  schema: { resolvers: [ProbeResolver] },
};
