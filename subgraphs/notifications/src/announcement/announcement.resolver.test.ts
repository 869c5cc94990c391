import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { callers, eventually } from '@weace/test-kit/subgraph';
import { notificationsDb } from '../db';
import { NotificationModel } from '../notification/notification.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';
import { AnnouncementModel } from './announcement.model';

let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness({ env: { NOTIFICATIONS_FANOUT_BATCH: '40' } });
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const SEND = /* GraphQL */ `
  mutation ($input: SendNotificationInput!) {
    sendNotification(input: $input) {
      id
      status
      total
    }
  }
`;
const PROGRESS = /* GraphQL */ `
  query ($id: ID!) {
    announcement(id: $id) {
      status
      total
      processed
      batches
      deliveries {
        channel
        status
        count
      }
    }
  }
`;

type Progress = {
  announcement: {
    status: string;
    total: number;
    processed: number;
    batches: number;
    deliveries: { channel: string; status: string; count: number }[];
  };
};

/** `count` people of a department, inserted at once. */
async function department(name: string, count: number) {
  const people = Array.from({ length: count }, (_, i) => ({
    _id: `${name}-${String(i).padStart(5, '0')}`,
    subject: `sub-${name}-${i}`,
    email: `${name}${i}@example.com`,
    name: `${name} ${i}`,
    locale: 'en',
    timeZone: 'UTC',
    department: name,
    roles: ['LEARNER'],
    status: 'ACTIVE',
  }));
  await notificationsDb.collection('people').insertMany(people as never[]);
  return people.map((p) => p._id);
}

describe('announcements', () => {
  it('fans out to a department in batches, with readable progress and delivery counts, once per idempotency key', async () => {
    const admin = await addPerson({ roles: ['ADMIN', 'LEARNER'], department: 'Sales' });
    await department('Sales', 99);
    const input = {
      audience: { department: 'Sales' },
      title: 'Quarterly update',
      body: 'Numbers are in.',
      channels: ['IN_APP'],
      idempotencyKey: 'sales-q3-update',
    };
    const caller = callers.user(admin.id, Role.Admin);
    const sent = await harness.execute<{ sendNotification: { id: string; total: number } }>(SEND, {
      caller,
      variables: { input },
    });
    expect(sent.errors).toBeUndefined();
    const { id, total } = sent.data!.sendNotification;
    expect(total).toBe(100);

    // Three batches of publishes; the shared machine can be slow.
    await eventually(async () => (await AnnouncementModel.findById(id))?.status === 'DONE', 30_000);
    const progress = await harness.execute<Progress>(PROGRESS, { caller, variables: { id } });
    expect(progress.data?.announcement).toMatchObject({
      status: 'DONE',
      processed: 100,
      batches: 3,
    });
    // The admin who sent it is not notified of their own announcement.
    expect(progress.data?.announcement.deliveries).toEqual([
      { channel: 'IN_APP', status: 'SENT', count: 99 },
    ]);

    const again = await harness.execute<{ sendNotification: { id: string } }>(SEND, {
      caller,
      variables: { input },
    });
    expect(again.data?.sendNotification.id).toBe(id);
    expect(await AnnouncementModel.countDocuments()).toBe(1);
    expect(await NotificationModel.countDocuments({ template: 'announcement' })).toBe(99);
  });

  it('lets an organiser announce to the confirmed registrants of their own event only [FORBIDDEN]', async () => {
    const organiser = await addPerson({ roles: ['ORGANIZER', 'LEARNER'] });
    const registrant = await addPerson();
    await harness.transport.publish(
      domainEvent(
        'event.published',
        {
          eventId: 'e1',
          seriesId: null,
          title: 'Sprint',
          format: 'ONLINE',
          timeZone: 'UTC',
          startsAt: new Date().toISOString(),
          endsAt: new Date().toISOString(),
          allDay: false,
          venueName: null,
          address: null,
          organizerIds: [organiser.id],
          ics: { uid: 'e1', sequence: 0 },
        },
        { subject: 'e1' },
      ),
    );
    await harness.transport.publish(
      domainEvent(
        'registration.confirmed',
        {
          registrationId: 'r1',
          eventId: 'e1',
          eventTitle: 'Sprint',
          userId: registrant.id,
          startsAt: new Date().toISOString(),
          endsAt: new Date().toISOString(),
          viaWaitlistOffer: false,
        },
        { subject: 'r1' },
      ),
    );
    await eventually(
      async () => (await NotificationModel.countDocuments({ userId: registrant.id })) === 1,
    );
    const caller = callers.user(organiser.id, Role.Organizer);
    const input = (audience: object, key: string) => ({
      audience,
      title: 'Room change',
      body: 'We moved to room 2.',
      channels: ['IN_APP'],
      idempotencyKey: key,
    });
    const own = await harness.execute(SEND, {
      caller,
      variables: { input: input({ eventId: 'e1' }, 'room-change-1') },
    });
    expect(own.errors).toBeUndefined();
    await eventually(
      async () =>
        (await NotificationModel.countDocuments({
          userId: registrant.id,
          template: 'announcement',
        })) === 1,
    );

    const other = await harness.execute(SEND, {
      caller,
      variables: { input: input({ eventId: 'e2' }, 'room-change-2') },
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_EVENT_ORGANIZER',
    });
    const everybody = await harness.execute(SEND, {
      caller,
      variables: { input: input({ role: 'LEARNER' }, 'room-change-3') },
    });
    expect(everybody.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const learner = await harness.execute(SEND, {
      caller: callers.user(registrant.id),
      variables: { input: input({ eventId: 'e1' }, 'room-change-4') },
    });
    expect(learner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await AnnouncementModel.countDocuments()).toBe(1);
  });

  it('refuses an audience that is not exactly one thing [BAD_USER_INPUT]', async () => {
    const result = await harness.execute(SEND, {
      caller: callers.user('admin', Role.Admin),
      variables: {
        input: {
          audience: { role: 'LEARNER', department: 'Sales' },
          title: 'x',
          body: 'y',
          idempotencyKey: 'two-audiences',
        },
      },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['input.audience'],
    });
    expect(await AnnouncementModel.countDocuments()).toBe(0);
  });
});
