import { buildTypeGraphQLSubgraph } from '@weace/service-kit';
import type { GraphQLSchema } from 'graphql';
import { FollowResolver } from './follow/follow.resolver';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { RegistrationResolver } from './registration/registration.resolver';
import type { RegistrationService } from './registration/registration.service';
import { SsoProfileResolver } from './sso/sso-profile.resolver';
import { UserResolver, userReference } from './user/user.resolver';

/** What the users resolvers act through besides the database, made once per running service. */
export interface UsersServices {
  readonly registration: RegistrationService;
}

/**
 * The users subgraph: `User` as an entity keyed by `id` and by `subject`.
 * Without `services`, registration has no auth service to call: the schema
 * then serves everything else, and prints the SDL.
 */
export function buildUsersSchema(services?: UsersServices): Promise<GraphQLSchema> {
  return buildTypeGraphQLSubgraph({
    resolvers: [
      UserResolver,
      FollowResolver,
      PreferencesResolver,
      SsoProfileResolver,
      RegistrationResolver,
    ],
    resolverInstances: services && [new RegistrationResolver(services.registration)],
    referenceResolvers: { User: userReference },
  });
}
