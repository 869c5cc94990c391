import { buildTypeGraphQLSubgraph } from '@weace/service-kit';
import type { GraphQLSchema } from 'graphql';
import { FollowResolver } from './follow/follow.resolver';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { SsoProfileResolver } from './sso/sso-profile.resolver';
import { UserResolver, userReference } from './user/user.resolver';

/** The users subgraph: `User` as an entity keyed by `id` and by `subject`. */
export function buildUsersSchema(): Promise<GraphQLSchema> {
  return buildTypeGraphQLSubgraph({
    resolvers: [UserResolver, FollowResolver, PreferencesResolver, SsoProfileResolver],
    referenceResolvers: { User: userReference },
  });
}
