import type { EventBus } from '@weace/events';
import { rolesFromGroups } from '@weace/service-kit';
import { updateProfileIn } from '../user/user.events';
import { UserStatus, bySubject } from '../user/user.model';
import { deleteProfileIn } from '../user/user.service';

/**
 * Keeps profiles true to what admins do to sign-in accounts in auth: a
 * disabled account's profile is DISABLED (ACTIVE again once enabled), a
 * deleted account's profile is deleted, an account's groups are its
 * profile's roles. Each change publishes its `user.*` event in the handler's
 * transaction. Latest only: a redelivered `account.disabled` must not undo a
 * later `account.enabled`.
 */
export function subscribeAccountSync(events: EventBus): void {
  events.subscribe(
    'account-sync',
    ['account.disabled', 'account.enabled', 'account.deleted', 'account.groupsChanged'],
    async (event, { session }) => {
      // The account's subject may be a profile's own or one linked to it by an SSO sign-in.
      const account = bySubject(event.payload.subject);
      switch (event.type) {
        case 'account.disabled':
          await updateProfileIn(
            events,
            session,
            { ...account, status: { $ne: UserStatus.DISABLED } },
            { $set: { status: UserStatus.DISABLED } },
            ['status'],
          );
          return;
        case 'account.enabled':
          await updateProfileIn(
            events,
            session,
            { ...account, status: UserStatus.DISABLED },
            { $set: { status: UserStatus.ACTIVE } },
            ['status'],
          );
          return;
        case 'account.deleted':
          await deleteProfileIn(events, session, account);
          return;
        case 'account.groupsChanged': {
          const { groups } = event.payload as { groups: string[] };
          await updateProfileIn(
            events,
            session,
            account,
            { $set: { roles: rolesFromGroups(groups) } },
            ['roles'],
          );
          return;
        }
      }
    },
    { latestOnly: true },
  );
}
