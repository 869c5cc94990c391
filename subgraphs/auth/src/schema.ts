import type { SubgraphDefinition } from '@weace/service-kit';
import { AdminResolver } from './admin/admin.resolver';
import { PasswordResolver } from './password/password.resolver';
import { RegistrationResolver } from './registration/registration.resolver';
import { SessionResolver } from './session/session.resolver';
import { SsoExchangeResolver } from './sso/sso-exchange.resolver';
import { SsoResolver } from './sso/sso.resolver';
import { TokenResolver } from './token/token.resolver';

/**
 * The auth subgraph's schema: authentication only. AuthPayload.user is a
 * `User` reference the users subgraph resolves.
 */
export const authSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    SessionResolver,
    PasswordResolver,
    AdminResolver,
    RegistrationResolver,
    TokenResolver,
    SsoResolver,
    SsoExchangeResolver,
  ],
};
