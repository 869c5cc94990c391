import { describe, expect, it } from '@jest/globals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { Args, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Role } from '../identity/identity';
import { ConnectionType, PageArgs } from './connection';
import { GraphQLRole } from './role';
import { buildTypeGraphQLSubgraph } from './subgraph-schema';

@ObjectType()
class Probe {
  @Field()
  at!: Date;

  @Field(() => [GraphQLRole])
  roles!: Role[];
}

@ObjectType()
class ProbeConnection extends ConnectionType(Probe) {}

@Resolver()
class ProbeResolver {
  @Query(() => ProbeConnection)
  probes(@Args() _page: PageArgs): ProbeConnection {
    return {
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    };
  }
}

describe('buildTypeGraphQLSubgraph', () => {
  it('exposes dates as DateTime, the shared Role enum and a shareable PageInfo', async () => {
    const sdl = printSubgraphSchema(await buildTypeGraphQLSubgraph({ resolvers: [ProbeResolver] }));
    expect(sdl).toContain('at: DateTime!');
    expect(sdl).toMatch(/enum Role\s*{\s*ADMIN\s*COACH\s*ORGANIZER\s*LEARNER\s*}/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
  });
});
