import type { Route } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { UserPoolService } from 'cognito-local/lib/services/userPoolService';
import { type AccessTokenClaims, tokenLifetimeSeconds, verifyAccessToken } from './access-token';
import type { CognitoLocalModules } from './cognito-local.modules';
import { passwordPolicyViolation } from './password-policy';

type AuthParameters = Record<string, string> | undefined;
interface AuthResponse {
  AuthenticationResult?: { AccessToken?: string; ExpiresIn?: number; TokenType?: string };
}

/**
 * Targets that make cognito-local answer like Amazon Cognito where WeAce's Cognito adapter
 * depends on the difference. Each one wraps cognito-local's own target (or, for GlobalSignOut,
 * which cognito-local lacks, stands alone), so the adapter needs no emulator-only branches:
 *
 * - InitiateAuth, AdminInitiateAuth: disabled users are refused ("User is disabled."); the
 *   password is checked before any challenge (new password required, reset required); a wrong
 *   password is NotAuthorizedException, not InvalidPasswordException; ExpiresIn and TokenType
 *   are reported.
 * - SignUp, ConfirmForgotPassword, ChangePassword, AdminSetUserPassword, AdminCreateUser,
 *   RespondToAuthChallenge(NEW_PASSWORD_REQUIRED): the pool's password policy is enforced.
 * - ChangePassword: the access token is verified, and a wrong previous password is
 *   NotAuthorizedException.
 * - ConfirmSignUp: the confirmed email becomes `email_verified`, as with auto-verified email.
 * - ForgotPassword: with the client's PreventUserExistenceErrors ENABLED, an unknown user gets
 *   the same answer as a known one instead of UserNotFoundException.
 * - RespondToAuthChallenge: the refresh token it issues is remembered, so it can be used.
 * - GlobalSignOut: verifies the access token and revokes every refresh token of the user.
 */
export function fidelityTargets(
  { errors, targets: { Targets }, userPoolService }: CognitoLocalModules,
  services: Services,
): Readonly<Record<string, Route>> {
  const { CognitoError, InvalidPasswordError, NotAuthorizedError } = errors;
  const { cognito, clock } = services;
  const target = {
    initiateAuth: Targets.InitiateAuth(services),
    adminInitiateAuth: Targets.AdminInitiateAuth(services),
    respondToAuthChallenge: Targets.RespondToAuthChallenge(services),
    signUp: Targets.SignUp(services),
    confirmSignUp: Targets.ConfirmSignUp(services),
    forgotPassword: Targets.ForgotPassword(services),
    confirmForgotPassword: Targets.ConfirmForgotPassword(services),
    changePassword: Targets.ChangePassword(services),
    adminSetUserPassword: Targets.AdminSetUserPassword(services),
    adminCreateUser: Targets.AdminCreateUser(services),
  };
  const verifiedClaims = (accessToken: string | undefined): AccessTokenClaims => {
    try {
      return verifyAccessToken(accessToken ?? '', Math.floor(clock.get().getTime() / 1000));
    } catch (error) {
      throw new NotAuthorizedError((error as Error).message);
    }
  };

  const enforcePasswordPolicy = (pool: UserPoolService, password: string | undefined): void => {
    const policy = pool.options.Policies?.PasswordPolicy;
    const violation =
      password === undefined ? undefined : passwordPolicyViolation(password, policy);
    if (violation) throw new CognitoError('InvalidPasswordException', violation);
  };

  const refuseDisabledUser = async (
    ctx: Context,
    pool: UserPoolService,
    parameters: AuthParameters,
  ): Promise<void> => {
    const user = parameters?.USERNAME
      ? await pool.getUserByUsername(ctx, parameters.USERNAME)
      : parameters?.REFRESH_TOKEN
        ? await pool.getUserByRefreshToken(ctx, parameters.REFRESH_TOKEN)
        : null;
    if (user && !user.Enabled) throw new NotAuthorizedError('User is disabled.');
    // cognito-local answers FORCE_CHANGE_PASSWORD and RESET_REQUIRED accounts with their
    // challenge before checking the password; Cognito checks it first, so nobody who merely
    // knows the email can set a new password.
    if (user && parameters?.PASSWORD !== undefined && parameters.PASSWORD !== user.Password) {
      throw new NotAuthorizedError('Incorrect username or password.');
    }
  };

  // cognito-local reports a wrong password as InvalidPasswordException, which in Cognito means
  // "breaks the password policy"; Cognito itself says NotAuthorizedException.
  const asCognitoCredentialFailure = async <R>(attempt: () => Promise<R>): Promise<R> => {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof InvalidPasswordError) {
        throw new NotAuthorizedError('Incorrect username or password.');
      }
      throw error;
    }
  };

  const signIn = async <R extends AuthResponse>(
    ctx: Context,
    clientId: string,
    parameters: AuthParameters,
    attempt: () => Promise<R>,
  ): Promise<R> => {
    await refuseDisabledUser(ctx, await cognito.getUserPoolForClientId(ctx, clientId), parameters);
    return withTokenLifetime(await asCognitoCredentialFailure(attempt));
  };

  return {
    InitiateAuth: (ctx, req: Parameters<typeof target.initiateAuth>[1]) =>
      signIn(ctx, req.ClientId, req.AuthParameters, () => target.initiateAuth(ctx, req)),

    AdminInitiateAuth: (ctx, req: Parameters<typeof target.adminInitiateAuth>[1]) =>
      signIn(ctx, req.ClientId, req.AuthParameters, () => target.adminInitiateAuth(ctx, req)),

    RespondToAuthChallenge: async (
      ctx,
      req: Parameters<typeof target.respondToAuthChallenge>[1],
    ) => {
      const pool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
      if (req.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
        enforcePasswordPolicy(pool, req.ChallengeResponses?.NEW_PASSWORD);
      }
      const response = await target.respondToAuthChallenge(ctx, req);
      const refreshToken = response.AuthenticationResult?.RefreshToken;
      const username = req.ChallengeResponses?.USERNAME;
      const user = username ? await pool.getUserByUsername(ctx, username) : null;
      if (refreshToken && user) await pool.storeRefreshToken(ctx, refreshToken, user);
      return withTokenLifetime(response);
    },

    SignUp: async (ctx, req: Parameters<typeof target.signUp>[1]) => {
      enforcePasswordPolicy(await cognito.getUserPoolForClientId(ctx, req.ClientId), req.Password);
      return target.signUp(ctx, req);
    },

    ConfirmSignUp: async (ctx, req: Parameters<typeof target.confirmSignUp>[1]) => {
      const response = await target.confirmSignUp(ctx, req);
      const pool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, req.Username);
      if (user) {
        const Attributes = userPoolService.attributesAppend(
          user.Attributes,
          userPoolService.attribute('email_verified', 'true'),
        );
        await pool.saveUser(ctx, { ...user, Attributes });
      }
      return response;
    },

    ForgotPassword: async (ctx, req: Parameters<typeof target.forgotPassword>[1]) => {
      const pool = await cognito.getUserPoolForClientId(ctx, req.ClientId);
      const client = await cognito.getAppClient(ctx, req.ClientId);
      if (
        client?.PreventUserExistenceErrors === 'ENABLED' &&
        !(await pool.getUserByUsername(ctx, req.Username))
      ) {
        const Destination = maskedEmail(req.Username);
        return {
          CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination },
        };
      }
      return target.forgotPassword(ctx, req);
    },

    ConfirmForgotPassword: async (ctx, req: Parameters<typeof target.confirmForgotPassword>[1]) => {
      enforcePasswordPolicy(await cognito.getUserPoolForClientId(ctx, req.ClientId), req.Password);
      return target.confirmForgotPassword(ctx, req);
    },

    ChangePassword: async (ctx, req: Parameters<typeof target.changePassword>[1]) => {
      const { client_id } = verifiedClaims(req.AccessToken);
      enforcePasswordPolicy(
        await cognito.getUserPoolForClientId(ctx, client_id),
        req.ProposedPassword,
      );
      return asCognitoCredentialFailure(() => target.changePassword(ctx, req));
    },

    AdminSetUserPassword: async (ctx, req: Parameters<typeof target.adminSetUserPassword>[1]) => {
      enforcePasswordPolicy(await cognito.getUserPool(ctx, req.UserPoolId), req.Password);
      return target.adminSetUserPassword(ctx, req);
    },

    AdminCreateUser: async (ctx, req: Parameters<typeof target.adminCreateUser>[1]) => {
      enforcePasswordPolicy(await cognito.getUserPool(ctx, req.UserPoolId), req.TemporaryPassword);
      return target.adminCreateUser(ctx, req);
    },

    GlobalSignOut: async (ctx, req: { AccessToken?: string }) => {
      const { username, client_id } = verifiedClaims(req.AccessToken);
      const pool = await cognito.getUserPoolForClientId(ctx, client_id);
      const user = await pool.getUserByUsername(ctx, username);
      if (!user) throw new NotAuthorizedError('Invalid Access Token');
      await pool.saveUser(ctx, { ...user, RefreshTokens: [], UserLastModifiedDate: clock.get() });
      return {};
    },
  };
}

function withTokenLifetime<R extends AuthResponse>(response: R): R {
  const result = response.AuthenticationResult;
  if (!result?.AccessToken) return response;
  const ExpiresIn = tokenLifetimeSeconds(result.AccessToken);
  return { ...response, AuthenticationResult: { ...result, ExpiresIn, TokenType: 'Bearer' } };
}

// Cognito shows where a code went only masked, e.g. "a***@w***".
function maskedEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
