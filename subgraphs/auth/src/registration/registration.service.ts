import { rethrowForClients } from '../identity/client-errors';
import type { IdentityProvider } from '../identity/identity-provider';
import type { RegisteredIdentity } from './registration.types';

/**
 * The identity half of registration, done for the users service, which owns
 * the flow: it keeps the profile and rolls it back when this half fails.
 */
export class RegistrationService {
  constructor(private readonly identity: IdentityProvider) {}

  /** CONFLICT when the email has an account; BAD_USER_INPUT on `password` naming the broken rule. */
  async createAccount(
    email: string,
    password: string,
    name: string | undefined,
  ): Promise<RegisteredIdentity> {
    const { sub, confirmed } = await this.identity
      .signUp({ email, password, name })
      .catch(rethrowForClients());
    return { subject: sub, confirmed };
  }

  /** BAD_USER_INPUT on `code` when it is wrong or expired. */
  async confirmAccount(email: string, code: string): Promise<true> {
    await this.identity.confirmSignUp({ email, code }).catch(rethrowForClients());
    return true;
  }
}
