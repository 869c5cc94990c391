import type { SubgraphDefinition } from '@weace/service-kit';
import { FollowResolver } from './follow/follow.resolver';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { RegistrationResolver } from './registration/registration.resolver';
import { SsoProfileResolver } from './sso/sso-profile.resolver';
import { UserResolver, userReference } from './user/user.resolver';

/** The users subgraph's schema: `User` as an entity keyed by `id` and by `subject`. */
export const usersSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    UserResolver,
    FollowResolver,
    PreferencesResolver,
    SsoProfileResolver,
    RegistrationResolver,
  ],
  referenceResolvers: { User: userReference },
};
