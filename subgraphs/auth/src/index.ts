import { PeopleDirectory, type SubgraphDefinition, createTokenVerifier } from '@weace/service-kit';
import { AdminResolver } from './admin/admin.resolver';
import { AdminService } from './admin/admin.service';
import { loadAuthSettings } from './config';
import { authDb } from './db';
import { Directory } from './directory/directory.service';
import { SignIns } from './directory/sign-ins.service';
import { startIdentity } from './identity/identity.runtime';
import { PasswordResolver } from './password/password.resolver';
import { PasswordService } from './password/password.service';
import { RegistrationResolver } from './registration/registration.resolver';
import { RegistrationService } from './registration/registration.service';
import { authSchema } from './schema';
import { SessionResolver } from './session/session.resolver';
import { SessionService } from './session/session.service';
import { loadSsoExchangeOptions } from './sso/sso-exchange.config';
import { SsoExchangeResolver } from './sso/sso-exchange.resolver';
import { SsoCodeExchange } from './sso/sso-exchange.service';
import { SsoResolver } from './sso/sso.resolver';
import { LoginThrottle } from './throttle/login-throttle.service';
import { TokenResolver } from './token/token.resolver';
import { TokenService } from './token/token.service';

// The Cognito adapter, for the launcher and the test kit to seed accounts through the same code.
export { CognitoIdentityProvider } from './identity/cognito.identity-provider';
export { IdentityError, type IdentityProvider } from './identity/identity-provider';

/**
 * Authentication: login, refresh, logout, password reset and change, token
 * verification, SSO URLs, admin operations in the identity provider, and the
 * identity half of registration for the users service; database `weace_auth`
 * (login throttling). Its settings are read from the env startSubgraph is
 * given (COGNITO_*, SSO_*, LOGIN_*; see config.ts); without a Cognito user
 * pool it runs an embedded cognito-local, outside production.
 */
export const authSubgraph: SubgraphDefinition = {
  name: 'auth',
  port: 3001,
  schema: authSchema,
  async start({ config, env, logger, events }) {
    const settings = loadAuthSettings(env, config.nodeEnv);
    const ssoExchange = loadSsoExchangeOptions(env);
    const identity = await startIdentity(settings.cognito, logger);
    try {
      const directory = new Directory(new PeopleDirectory(events, authDb));
      const signIns = new SignIns(events, directory);
      const sessions = new SessionService(
        identity.provider,
        new LoginThrottle(settings.throttle),
        logger,
        signIns,
      );
      const resolvers = [
        new SessionResolver(sessions),
        new PasswordResolver(new PasswordService(identity.provider, logger)),
        new AdminResolver(new AdminService(identity.provider, events, directory)),
        new RegistrationResolver(new RegistrationService(identity.provider)),
        new TokenResolver(new TokenService(createTokenVerifier(identity.tokenIssuers))),
        new SsoResolver(settings.sso),
        new SsoExchangeResolver(ssoExchange && new SsoCodeExchange(ssoExchange), signIns),
      ];
      return { resolvers, stop: () => identity.stop() };
    } catch (error) {
      await identity.stop();
      throw error;
    }
  },
};
