import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { callers, eventually } from '@weace/test-kit/subgraph';
import { DeliveryModel, DeliveryStatus } from '../delivery/delivery.model';
import { NotificationModel } from '../notification/notification.model';
import { PreferencesModel } from '../preferences/preferences.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';
import { ErasedDeliveryCountModel } from './erasure.consumer';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

describe('user.deleted', () => {
  it("erases the person's phone, push subscriptions, preferences and inbox, keeping only anonymous delivery counts", async () => {
    const person = await addPerson();
    const stays = await addPerson();
    const me = callers.user(person.id);
    await harness.execute(
      `mutation ($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { channels } }`,
      {
        caller: me,
        variables: {
          input: {
            endpoint: 'https://push.example.com/send/abc',
            p256dh: 'B'.repeat(87),
            auth: 'A'.repeat(22),
          },
        },
      },
    );
    // No push leaves the machine in this test: training uses in-app and email.
    await PreferencesModel.updateOne(
      { _id: person.id },
      {
        $set: {
          phone: '+447700900123',
          'categorySettings.TRAINING': { channels: ['IN_APP', 'EMAIL'], digest: false },
        },
      },
    );
    for (const userId of [person.id, stays.id]) {
      const event = domainEvent('course.completed', {
        enrollmentId: 'n1',
        courseId: 'c1',
        courseTitle: 'Safety',
        userId,
        completedAt: new Date().toISOString(),
        grade: null,
        cycle: 1,
      });
      await harness.transport.publish(event);
      await eventually(
        async () => (await DeliveryModel.countDocuments({ sourceKey: event.id })) === 2,
      );
    }
    await eventually(
      async () =>
        (await DeliveryModel.countDocuments({
          userId: person.id,
          status: DeliveryStatus.QUEUED,
        })) === 0,
    );

    await harness.transport.publish(
      domainEvent('user.deleted', { userId: person.id }, { subject: person.id }),
    );
    await eventually(async () => (await PreferencesModel.exists({ _id: person.id })) === null);
    expect(await NotificationModel.countDocuments({ userId: person.id })).toBe(0);
    expect(await DeliveryModel.countDocuments({ userId: person.id })).toBe(0);
    const counts = await ErasedDeliveryCountModel.find().sort({ _id: 1 }).lean();
    expect(counts.map((c) => c._id)).toEqual(['TRAINING:EMAIL:SENT', 'TRAINING:PUSH:SKIPPED']);
    expect(counts.every((c) => c.count === 1)).toBe(true);
    expect(JSON.stringify(counts)).not.toContain(person.id);
    // Somebody else's history stays whole.
    expect(await NotificationModel.countDocuments({ userId: stays.id })).toBe(1);
  });
});
