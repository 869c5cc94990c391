import type { Role } from '@weace/service-kit';
import { rethrowForClients } from '../identity/client-errors';
import type { IdentityProvider } from '../identity/identity-provider';
import type { AdminCreateUserInput } from './admin.inputs';
import { type IdentityAccount, identityAccountOf } from './identity-account.types';

/** An admin's operations on accounts in the identity provider; profiles stay in users. */
export class AdminService {
  constructor(private readonly identity: IdentityProvider) {}

  /** A confirmed account that must choose its own password at first login. */
  async createUser(input: AdminCreateUserInput): Promise<IdentityAccount> {
    const user = await this.identity
      .adminCreateUser({
        email: input.email,
        name: input.name ?? undefined,
        temporaryPassword: input.temporaryPassword ?? undefined,
        sendInvitation: input.sendInvitation,
      })
      .catch(rethrowForClients({ password: 'temporaryPassword' }));
    return identityAccountOf(user);
  }

  async setPassword(username: string, password: string, permanent: boolean): Promise<true> {
    await this.identity
      .adminSetPassword({ username, password, permanent })
      .catch(rethrowForClients());
    return true;
  }

  async deleteUser(username: string): Promise<true> {
    await this.identity.adminDeleteUser({ username }).catch(rethrowForClients());
    return true;
  }

  async setEnabled(username: string, enabled: boolean): Promise<IdentityAccount> {
    await this.identity.adminSetEnabled({ username, enabled }).catch(rethrowForClients());
    return this.account(username);
  }

  /** Roles are the provider's groups: the person's next tokens carry them. */
  async setGroups(username: string, groups: readonly Role[]): Promise<IdentityAccount> {
    await this.identity.adminSetGroups({ username, groups }).catch(rethrowForClients());
    return this.account(username);
  }

  private async account(username: string): Promise<IdentityAccount> {
    return identityAccountOf(
      await this.identity.adminGetUser({ username }).catch(rethrowForClients()),
    );
  }
}
