import { describe, expect, it } from '@jest/globals';
import { graphql } from 'graphql';
import { Authorized, Query, Resolver } from 'type-graphql';
import { type Caller, Role } from '../identity/identity';
import { createLogger } from '../logging/logger';
import { createServiceContext } from './context';
import { buildTypeGraphQLSubgraph } from './subgraph-schema';

@Resolver()
class GuardedResolver {
  @Authorized()
  @Query(() => String)
  members(): string {
    return 'members';
  }

  @Authorized(Role.Admin)
  @Query(() => String)
  admins(): string {
    return 'admins';
  }
}

const logger = createLogger({ service: 'test', level: 'silent' });
const person = (...roles: Role[]): Caller => ({ kind: 'user', identity: { sub: 's', roles } });

async function codeOf(field: string, caller: Caller) {
  const schema = await buildTypeGraphQLSubgraph({ resolvers: [GuardedResolver] });
  const result = await graphql({
    schema,
    source: `{ ${field} }`,
    contextValue: createServiceContext({ caller, logger }),
  });
  return result.errors?.[0]?.extensions.code ?? result.data?.[field];
}

describe('authChecker', () => {
  it('asks anonymous callers to sign in [UNAUTHENTICATED]', async () => {
    expect(await codeOf('members', { kind: 'anonymous' })).toBe('UNAUTHENTICATED');
  });

  it('refuses a signed-in person without the role [FORBIDDEN]', async () => {
    expect(await codeOf('admins', person(Role.Learner))).toBe('FORBIDDEN');
  });

  it('lets in people with the role, and services', async () => {
    expect(await codeOf('members', person(Role.Learner))).toBe('members');
    expect(await codeOf('admins', person(Role.Admin))).toBe('admins');
    expect(
      await codeOf('admins', { kind: 'service', service: 'events', operations: ['admins'] }),
    ).toBe('admins');
  });
});
