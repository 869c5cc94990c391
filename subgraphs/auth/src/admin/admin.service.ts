import type { EventBus } from '@weace/events';
import type { Role } from '@weace/service-kit';
import type { Directory, KnownAccount } from '../directory/directory.service';
import { rethrowForClients } from '../identity/client-errors';
import { IdentityError, type IdentityProvider } from '../identity/identity-provider';
import type { AdminCreateUserInput } from './admin.inputs';
import { type IdentityAccount, identityAccountOf } from './identity-account.types';

type AccountEvent = 'account.disabled' | 'account.enabled' | 'account.deleted';

/**
 * An admin's operations on accounts in the identity provider; profiles stay
 * in users, which follows the `account.*` events published here. No
 * transaction spans the provider, so each event is written to the outbox
 * after the provider confirmed the change: a failed write fails the
 * operation, and its retry applies the (idempotent) change again and
 * publishes then.
 */
export class AdminService {
  constructor(
    private readonly identity: IdentityProvider,
    private readonly events: EventBus,
    private readonly directory: Directory,
  ) {}

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

  /**
   * A retry after the account is gone still announces it when the directory
   * knows whose it was; otherwise NOT_FOUND.
   */
  async deleteUser(username: string, actorSubject?: string): Promise<true> {
    let account: KnownAccount;
    try {
      const user = await this.identity.adminGetUser({ username });
      account = { subject: user.sub, email: user.email };
      await this.identity.adminDeleteUser({ username });
    } catch (error) {
      const gone = error instanceof IdentityError && error.kind === 'UserNotFound';
      const known = gone ? await this.directory.accountOf(username) : null;
      if (!known) return rethrowForClients()(error);
      account = known;
    }
    await this.announce('account.deleted', account, actorSubject);
    return true;
  }

  async setEnabled(
    username: string,
    enabled: boolean,
    actorSubject?: string,
  ): Promise<IdentityAccount> {
    await this.identity.adminSetEnabled({ username, enabled }).catch(rethrowForClients());
    const account = await this.account(username);
    await this.announce(enabled ? 'account.enabled' : 'account.disabled', account, actorSubject);
    return account;
  }

  /** Roles are the provider's groups: the person's next tokens carry them. */
  async setGroups(
    username: string,
    groups: readonly Role[],
    actorSubject?: string,
  ): Promise<IdentityAccount> {
    await this.identity.adminSetGroups({ username, groups }).catch(rethrowForClients());
    const account = await this.account(username);
    const actorId = actorSubject && (await this.directory.userIdOf(actorSubject));
    await this.events.withTransaction((session) =>
      this.events.publish(session, {
        type: 'account.groupsChanged',
        subject: account.subject,
        payload: { subject: account.subject, email: account.email, groups: [...account.groups] },
        ...(actorId && { actorId }),
      }),
    );
    return account;
  }

  private async announce(
    type: AccountEvent,
    account: KnownAccount,
    actorSubject: string | undefined,
  ): Promise<void> {
    const actorId = actorSubject && (await this.directory.userIdOf(actorSubject));
    await this.events.withTransaction((session) =>
      this.events.publish(session, {
        type,
        subject: account.subject,
        payload: { subject: account.subject, email: account.email },
        ...(actorId && { actorId }),
      }),
    );
  }

  private async account(username: string): Promise<IdentityAccount> {
    return identityAccountOf(
      await this.identity.adminGetUser({ username }).catch(rethrowForClients()),
    );
  }
}
