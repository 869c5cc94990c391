import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Envelope } from '@weace/events';
import { Role } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import { FollowModel } from '../follow/follow.model';
import {
  type UsersHarness,
  makeUser,
  publishedEvents,
  startUsersHarness,
} from '../testing/users-harness';
import { type UserDocument, UserModel, UserStatus } from '../user/user.model';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

type AccountEventType =
  'account.disabled' | 'account.enabled' | 'account.deleted' | 'account.groupsChanged';

let sequence = 0;
/** An account event as auth publishes it, about `user`'s account. */
function accountEvent(user: UserDocument, type: AccountEventType, groups?: string[]): Envelope {
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer: 'auth',
    subject: user.subject,
    sequence: ++sequence,
    payload: { subject: user.subject, email: user.email, ...(groups && { groups }) },
  } as Envelope;
}

const stored = (user: UserDocument) => UserModel.findById(user._id).orFail().lean().exec();
const statusBecomes = (user: UserDocument, status: UserStatus) =>
  eventually(async () => (await stored(user)).status === status);
const rolesInclude = (user: UserDocument, role: Role) =>
  eventually(async () => (await stored(user)).roles.includes(role));

describe('profiles following their sign-in accounts', () => {
  it('disables the profile of a disabled account and activates it again, announcing each', async () => {
    const user = await makeUser();
    await harness.transport.publish(accountEvent(user, 'account.disabled'));
    await statusBecomes(user, UserStatus.DISABLED);
    await harness.transport.publish(accountEvent(user, 'account.enabled'));
    await statusBecomes(user, UserStatus.ACTIVE);

    expect(
      (await publishedEvents('user.updated')).map(({ subject, payload }) => ({
        subject,
        changed: payload.changed,
        status: payload.user.status,
      })),
    ).toEqual([
      { subject: user.id, changed: ['status'], status: 'DISABLED' },
      { subject: user.id, changed: ['status'], status: 'ACTIVE' },
    ]);
  });

  it('ignores a stale event: a late account.disabled does not undo a later enable', async () => {
    const user = await makeUser();
    const disabled = accountEvent(user, 'account.disabled');
    await harness.transport.publish(disabled);
    await statusBecomes(user, UserStatus.DISABLED);
    await harness.transport.publish(accountEvent(user, 'account.enabled'));
    await statusBecomes(user, UserStatus.ACTIVE);
    // Published again, as a relay may after a lost acknowledgement: older than what was applied.
    await harness.transport.publish({ ...disabled, id: randomUUID() });
    await harness.transport.publish(accountEvent(user, 'account.groupsChanged', ['COACH']));
    await rolesInclude(user, Role.Coach);

    expect((await stored(user)).status).toBe(UserStatus.ACTIVE);
    expect(await publishedEvents('user.updated')).toHaveLength(3);
  });

  it('mirrors the account’s groups in the roles, LEARNER kept', async () => {
    const user = await makeUser();
    await harness.transport.publish(
      accountEvent(user, 'account.groupsChanged', ['ORGANIZER', 'unknown']),
    );
    await rolesInclude(user, Role.Organizer);
    expect((await stored(user)).roles).toEqual([Role.Organizer, Role.Learner]);
  });

  it('deletes the profile of a deleted account with its follows, and announces user.deleted', async () => {
    const [user, fan] = [await makeUser(), await makeUser()];
    await FollowModel.create({ follower: fan._id, followee: user._id });
    await harness.transport.publish(accountEvent(user, 'account.deleted'));
    await eventually(async () => (await stored(user)).deletedAt !== null);

    expect(await FollowModel.countDocuments()).toBe(0);
    expect(await publishedEvents('user.deleted')).toEqual([
      expect.objectContaining({ subject: user.id, payload: { userId: user.id } }),
    ]);
  });
});
