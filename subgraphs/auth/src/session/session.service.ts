import {
  BadUserInputError,
  ErrorCode,
  type Logger,
  RateLimitedError,
  UnauthenticatedError,
} from '@weace/service-kit';
import { GraphQLError } from 'graphql';
import { decodeJwt } from 'jose';
import type { SignIns } from '../directory/sign-ins.service';
import { clientError, rethrowForClients } from '../identity/client-errors';
import {
  IdentityError,
  type IdentityProvider,
  type LoginResult,
  type RefreshedTokens,
} from '../identity/identity-provider';
import { type LoginThrottle, loginKeys } from '../throttle/login-throttle.service';
import type { AuthPayload } from './session.types';

/** Failures that mean "wrong email or password" to a login, and count against the throttle. */
const CREDENTIAL_FAILURES = new Set(['InvalidCredentials', 'UserNotFound', 'Disabled']);

function isCredentialFailure(error: unknown): boolean {
  return error instanceof IdentityError && CREDENTIAL_FAILURES.has(error.kind);
}

/**
 * Logins, refreshes and logouts against the identity provider, with failed
 * logins throttled per account and per client IP.
 */
export class SessionService {
  constructor(
    private readonly identity: IdentityProvider,
    private readonly throttle: LoginThrottle,
    private readonly logger: Logger,
    private readonly signIns: SignIns,
  ) {}

  /**
   * A wrong password, an unknown email and a disabled account get the same
   * UNAUTHENTICATED answer, so a login reveals nothing about who has an account.
   */
  async login(email: string, password: string, clientIp?: string): Promise<AuthPayload> {
    const result = await this.guarded(email, clientIp, () =>
      this.identity.login({ email, password }),
    );
    if (result.kind === 'newPasswordRequired') {
      throw new GraphQLError('Choose a new password first, with completeNewPassword', {
        extensions: { code: ErrorCode.Forbidden, reason: 'NEW_PASSWORD_REQUIRED' },
      });
    }
    return this.signedIn(email, result.tokens.refreshToken, result.tokens);
  }

  /**
   * First login of an account with a temporary password: checks it as a login
   * does (throttled alike), then sets the new one and signs the person in.
   */
  async completeNewPassword(
    email: string,
    temporaryPassword: string,
    newPassword: string,
    clientIp?: string,
  ): Promise<AuthPayload> {
    const result = await this.guarded(email, clientIp, () =>
      this.identity.login({ email, password: temporaryPassword }),
    );
    if (result.kind !== 'newPasswordRequired') {
      throw new BadUserInputError(
        'This account has no temporary password: log in with login',
        'temporaryPassword',
      );
    }
    const tokens = await this.identity
      .completeNewPassword({ email, session: result.session, newPassword })
      .catch(rethrowForClients({ password: 'newPassword' }));
    return this.signedIn(email, tokens.refreshToken, tokens);
  }

  /** New access and ID tokens; the refresh token stays valid until logout or expiry. */
  async refresh(refreshToken: string): Promise<AuthPayload> {
    const tokens = await this.identity.refresh({ refreshToken }).catch((error: unknown) => {
      throw isCredentialFailure(error)
        ? new UnauthenticatedError('Invalid or expired refresh token')
        : clientError(error);
    });
    return payloadOf(refreshToken, tokens);
  }

  /**
   * Revokes every refresh token of the access token's owner (Cognito's
   * GlobalSignOut); access tokens already issued stay valid until they expire.
   */
  async logout(accessToken: string): Promise<true> {
    await this.identity.globalSignOut({ accessToken }).catch((error: unknown) => {
      throw isCredentialFailure(error)
        ? new UnauthenticatedError('Invalid or expired access token')
        : clientError(error);
    });
    return true;
  }

  /** Announces the sign-in (`user.signedIn`) before handing its tokens out. */
  private async signedIn(
    email: string,
    refreshToken: string,
    tokens: RefreshedTokens,
  ): Promise<AuthPayload> {
    await this.signIns.announce({ subject: subjectOf(tokens), email }, 'PASSWORD');
    return payloadOf(refreshToken, tokens);
  }

  private async guarded(
    email: string,
    clientIp: string | undefined,
    attempt: () => Promise<LoginResult>,
  ): Promise<LoginResult> {
    try {
      return await this.throttle.guard(loginKeys(email, clientIp), attempt, isCredentialFailure);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        this.logger.warn({ retryAfterSeconds: error.retryAfterSeconds }, 'login throttled');
        throw error;
      }
      if (isCredentialFailure(error)) {
        this.logger.info({ reason: (error as IdentityError).kind }, 'login refused');
        throw new UnauthenticatedError('Incorrect email or password');
      }
      throw clientError(error);
    }
  }
}

/** The payload clients get; `subject` is read from the provider's fresh access token. */
function payloadOf(refreshToken: string, tokens: RefreshedTokens): AuthPayload {
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken,
    expiresIn: tokens.expiresIn,
    tokenType: 'Bearer',
    user: { subject: subjectOf(tokens) },
  };
}

function subjectOf(tokens: RefreshedTokens): string {
  const { sub } = decodeJwt(tokens.accessToken);
  if (!sub) throw new Error('The identity provider issued an access token without a subject');
  return sub;
}
