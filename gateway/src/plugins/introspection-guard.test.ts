import { describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { ANONYMOUS, type Caller, Role } from '@weace/service-kit';
import type { GatewayContext } from '../gateway-context';
import { introspectionGuard } from './introspection-guard';

const server = new ApolloServer<GatewayContext>({
  typeDefs: /* GraphQL */ `
    type Query {
      hello: String
    }
  `,
  resolvers: { Query: { hello: () => 'world' } },
  plugins: [introspectionGuard()],
});

async function run(query: string, caller: Caller) {
  const response = await server.executeOperation(
    { query },
    {
      contextValue: {
        requestId: 'test',
        caller,
        callerKey: 'test',
        signal: new AbortController().signal,
      },
    },
  );
  return response.body.kind === 'single' ? response.body.singleResult : undefined;
}

const admin: Caller = { kind: 'user', identity: { sub: 'a', roles: [Role.Admin, Role.Learner] } };
const learner: Caller = { kind: 'user', identity: { sub: 'l', roles: [Role.Learner] } };

describe('introspection in production', () => {
  it('answers an ADMIN token', async () => {
    const result = await run('{ __schema { queryType { name } } }', admin);
    expect(result?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it.each([
    ['anonymous callers', ANONYMOUS],
    ['non-admin tokens', learner],
  ])('is refused to %s, also when nested in a fragment [FORBIDDEN]', async (_who, caller) => {
    const direct = await run('{ __type(name: "Query") { name } }', caller);
    expect(direct?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hidden = await run(
      'query { ...F } fragment F on Query { __schema { types { name } } }',
      caller,
    );
    expect(hidden?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('leaves ordinary operations and __typename alone', async () => {
    expect((await run('{ hello __typename }', learner))?.data).toEqual({
      hello: 'world',
      __typename: 'Query',
    });
  });
});
