import { buildTypeGraphQLSubgraph } from '@weace/service-kit';
import type { GraphQLSchema } from 'graphql';
import { AdminResolver } from './admin/admin.resolver';
import type { AdminService } from './admin/admin.service';
import type { SsoSettings } from './config';
import { PasswordResolver } from './password/password.resolver';
import type { PasswordService } from './password/password.service';
import { RegistrationResolver } from './registration/registration.resolver';
import type { RegistrationService } from './registration/registration.service';
import { SessionResolver } from './session/session.resolver';
import type { SessionService } from './session/session.service';
import { SsoExchangeResolver } from './sso/sso-exchange.resolver';
import type { SsoCodeExchange } from './sso/sso-exchange.service';
import { SsoResolver } from './sso/sso.resolver';
import { TokenResolver } from './token/token.resolver';
import type { TokenService } from './token/token.service';

/** What the auth resolvers act through, made once per running service. */
export interface AuthServices {
  readonly sessions: SessionService;
  readonly passwords: PasswordService;
  readonly admin: AdminService;
  readonly registration: RegistrationService;
  readonly tokens: TokenService;
  readonly sso: SsoSettings;
  /** The SSO code exchange the gateway's SSO routes call; undefined when SSO is off. */
  readonly ssoExchange: SsoCodeExchange | undefined;
}

/**
 * The auth subgraph: authentication only. AuthPayload.user is a `User`
 * reference the users subgraph resolves. Without `services` the schema has
 * its full shape but no working resolvers: that is for printing its SDL.
 */
export function buildAuthSchema(services?: AuthServices): Promise<GraphQLSchema> {
  return buildTypeGraphQLSubgraph({
    resolvers: [
      SessionResolver,
      PasswordResolver,
      AdminResolver,
      RegistrationResolver,
      TokenResolver,
      SsoResolver,
      SsoExchangeResolver,
    ],
    resolverInstances: services && [
      new SessionResolver(services.sessions),
      new PasswordResolver(services.passwords),
      new AdminResolver(services.admin),
      new RegistrationResolver(services.registration),
      new TokenResolver(services.tokens),
      new SsoResolver(services.sso),
      new SsoExchangeResolver(services.ssoExchange),
    ],
  });
}
