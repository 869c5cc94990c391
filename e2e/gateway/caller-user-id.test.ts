import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ServiceContext, type SubgraphDefinition, callerUserId } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { Ctx, Query, Resolver } from 'type-graphql';

/** A subgraph that answers with the `User.id` its internal token names. */
@Resolver()
class WhoAmIResolver {
  @Query(() => String)
  myUserId(@Ctx() context: ServiceContext): string {
    return callerUserId(context);
  }
}

const whoAmISubgraph: SubgraphDefinition = {
  name: 'whoami',
  port: 0,
  schema: { resolvers: [WhoAmIResolver] },
};

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ extraSubgraphs: [whoAmISubgraph] });
});
afterAll(() => stack.stop());

describe('the caller’s User.id in every subgraph', () => {
  it('is the profile id users has for the signed-in account', async () => {
    const someone = person();
    const { id } = await stack.createProfile(someone);
    const { data, errors } = await stack.graphql<{ myUserId: string }>('{ myUserId }', {
      as: someone,
    });
    expect(errors).toBeUndefined();
    expect(data!.myUserId).toBe(id);
  });

  it('is refused with NO_PROFILE for an account without a profile, then found once it has one', async () => {
    const someone = person();
    const before = await stack.graphql('{ myUserId }', { as: someone });
    expect(before.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NO_PROFILE',
    });

    const { id } = await stack.createProfile(someone);
    const after = await stack.graphql<{ myUserId: string }>('{ myUserId }', { as: someone });
    expect(after.data?.myUserId).toBe(id);
  });

  it('is UNAUTHENTICATED for an anonymous caller', async () => {
    const { errors } = await stack.graphql('{ myUserId }');
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
