import { type SubgraphDefinition, createServiceClient } from '@weace/service-kit';
import { subscribeAccountSync } from './account/account-sync.consumer';
import { loadUsersSettings } from './config';
import { PreferencesResolver } from './preferences/preferences.resolver';
import { PreferencesService } from './preferences/preferences.service';
import { identityAccountsAt } from './registration/identity-accounts';
import { RegistrationService } from './registration/registration.service';
import { RegistrationResolver } from './registration/registration.resolver';
import { usersSchema } from './schema';
import { SsoProfileResolver } from './sso/sso-profile.resolver';
import { SsoProfileService } from './sso/sso-profile.service';
import { UserResolver } from './user/user.resolver';
import { UserService } from './user/user.service';

/**
 * Registration, profiles, search, followers and preferences; database
 * `weace_users`. Registration calls the auth service at AUTH_SERVICE_URL
 * (default: auth on its supergraph port, outside production).
 */
export const usersSubgraph: SubgraphDefinition = {
  name: 'users',
  port: 3002,
  schema: usersSchema,
  async start({ config, env, events }) {
    const { authServiceUrl } = loadUsersSettings(env, config.nodeEnv);
    const auth = createServiceClient({
      url: authServiceUrl,
      service: 'users',
      audience: 'auth',
      operations: ['createIdentityAccount', 'confirmIdentityAccount'],
      secret: config.internalTokenSecret,
    });
    const users = new UserService(events);
    subscribeAccountSync(events);
    return {
      resolvers: [
        new UserResolver(users),
        new PreferencesResolver(new PreferencesService(events)),
        new SsoProfileResolver(new SsoProfileService(events, users)),
        new RegistrationResolver(new RegistrationService(events, identityAccountsAt(auth))),
      ],
    };
  },
};
