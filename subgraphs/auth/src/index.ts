import { type SubgraphDefinition, createTokenVerifier } from '@weace/service-kit';
import { AdminService } from './admin/admin.service';
import { loadAuthSettings } from './config';
import { startIdentity } from './identity/identity.runtime';
import { PasswordService } from './password/password.service';
import { RegistrationService } from './registration/registration.service';
import { buildAuthSchema } from './schema';
import { SessionService } from './session/session.service';
import { loadSsoExchangeOptions } from './sso/sso-exchange.config';
import { SsoCodeExchange } from './sso/sso-exchange.service';
import { LoginThrottle } from './throttle/login-throttle.service';
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
  buildSchema: () => buildAuthSchema(),
  async start({ config, env, logger }) {
    const settings = loadAuthSettings(env, config.nodeEnv);
    const ssoExchange = loadSsoExchangeOptions(env);
    const identity = await startIdentity(settings.cognito, logger);
    try {
      const schema = await buildAuthSchema({
        sessions: new SessionService(
          identity.provider,
          new LoginThrottle(settings.throttle),
          logger,
        ),
        passwords: new PasswordService(identity.provider, logger),
        admin: new AdminService(identity.provider),
        registration: new RegistrationService(identity.provider),
        tokens: new TokenService(createTokenVerifier(identity.tokenIssuers)),
        sso: settings.sso,
        ssoExchange: ssoExchange && new SsoCodeExchange(ssoExchange),
      });
      return { schema, stop: () => identity.stop() };
    } catch (error) {
      await identity.stop();
      throw error;
    }
  },
};
