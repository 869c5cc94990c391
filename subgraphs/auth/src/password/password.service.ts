import { type Logger, UnauthenticatedError } from '@weace/service-kit';
import { clientError } from '../identity/client-errors';
import { IdentityError, type IdentityProvider } from '../identity/identity-provider';

/**
 * What forgotPassword keeps to itself: each would tell a stranger something
 * about the account behind an email (that it exists, is unconfirmed, or is
 * being reset right now).
 */
const UNTOLD_RESET_FAILURES = new Set([
  'UserNotFound',
  'NotConfirmed',
  'Disabled',
  'InvalidParameter',
  'TooManyRequests',
]);

/** Password reset by emailed code, and password change by the signed-in person. */
export class PasswordService {
  constructor(
    private readonly identity: IdentityProvider,
    private readonly logger: Logger,
  ) {}

  /**
   * Emails a reset code when the account exists. The answer is the same
   * whether it does or not, so nobody can probe for accounts with it.
   */
  async forgotPassword(email: string): Promise<true> {
    try {
      await this.identity.forgotPassword({ email });
    } catch (error) {
      if (!(error instanceof IdentityError && UNTOLD_RESET_FAILURES.has(error.kind))) throw error;
      this.logger.info({ reason: error.kind }, 'password reset not sent');
    }
    return true;
  }

  /**
   * Sets the new password with the emailed code. An unknown email reads as a
   * wrong code, as forgotPassword would not tell either.
   */
  async confirmForgotPassword(email: string, code: string, newPassword: string): Promise<true> {
    await this.identity
      .confirmForgotPassword({ email, code, newPassword })
      .catch((error: unknown) => {
        const unknownAccount = error instanceof IdentityError && error.kind === 'UserNotFound';
        throw unknownAccount
          ? clientError(new IdentityError('CodeMismatch', 'Invalid verification code'))
          : clientError(error, { password: 'newPassword' });
      });
    return true;
  }

  /** The previous password must be right; the new one must meet the policy. */
  async changePassword(
    accessToken: string,
    previousPassword: string,
    proposedPassword: string,
  ): Promise<true> {
    await this.identity
      .changePassword({ accessToken, previousPassword, proposedPassword })
      .catch((error: unknown) => {
        // Cognito does not say which was wrong: the access token or the previous password.
        throw error instanceof IdentityError && error.kind === 'InvalidCredentials'
          ? new UnauthenticatedError('Invalid access token or previous password')
          : clientError(error, { password: 'proposedPassword' });
      });
    return true;
  }
}
