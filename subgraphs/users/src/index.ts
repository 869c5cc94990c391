import { type SubgraphDefinition, createServiceClient } from '@weace/service-kit';
import { loadUsersSettings } from './config';
import { identityAccountsAt } from './registration/identity-accounts';
import { RegistrationService } from './registration/registration.service';
import { RegistrationResolver } from './registration/registration.resolver';
import { usersSchema } from './schema';

export { seedDemoOrganisation } from './seed/demo-organisation';

/**
 * Registration, profiles, search, followers and preferences; database
 * `weace_users`. Registration calls the auth service at AUTH_SERVICE_URL
 * (default: auth on its supergraph port, outside production).
 */
export const usersSubgraph: SubgraphDefinition = {
  name: 'users',
  port: 3002,
  schema: usersSchema,
  async start({ config, env }) {
    const { authServiceUrl } = loadUsersSettings(env, config.nodeEnv);
    const auth = createServiceClient({
      url: authServiceUrl,
      service: 'users',
      audience: 'auth',
      operations: ['createIdentityAccount', 'confirmIdentityAccount'],
      secret: config.internalTokenSecret,
    });
    const registration = new RegistrationService(identityAccountsAt(auth));
    return { resolvers: [new RegistrationResolver(registration)] };
  },
};
