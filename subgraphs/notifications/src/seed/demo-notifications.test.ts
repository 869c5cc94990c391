import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DemoProfile, Role } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import { NotificationModel } from '../notification/notification.model';
import {
  type NotificationsHarness,
  startNotificationsHarness,
} from '../testing/notifications-harness';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness();
});
afterAll(() => harness.stop());

const people: DemoProfile[] = ['ada', 'ben', 'cy'].map((name, i) => ({
  userId: `demo-${name}`,
  email: `${name}@demo.weace.dev`,
  name,
  roles: i === 0 ? [Role.Admin, Role.Learner] : [Role.Learner],
  department: 'People',
  jobTitle: 'Tester',
}));

describe('demo data', () => {
  it('gives each demo person read and unread announcements, once', async () => {
    const seed = () => harness.seedDemo!(people);
    await seed();
    await seed();
    // The admin sent them, so is not notified; everybody else has three, one read.
    for (const userId of ['demo-ben', 'demo-cy']) {
      await eventually(async () => (await NotificationModel.countDocuments({ userId })) === 3);
      expect(await NotificationModel.countDocuments({ userId, readAt: { $ne: null } })).toBe(1);
    }
    expect(await NotificationModel.countDocuments({ userId: 'demo-ada' })).toBe(0);
    expect(await NotificationModel.countDocuments()).toBe(6);
  });
});
