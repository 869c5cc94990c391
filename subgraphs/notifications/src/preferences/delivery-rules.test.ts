import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Envelope } from '@weace/events';
import { callers, eventually } from '@weace/test-kit/subgraph';
import { CapturedMessageModel } from '../channels/captured-message.model';
import { notificationsDb } from '../db';
import { DeliveryModel, DeliveryReason } from '../delivery/delivery.model';
import { Channel } from './preferences.model';
import { NotificationModel } from '../notification/notification.model';
import type { Person } from '../people/people';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
  testClock,
} from '../testing/notifications-harness';
import { localMinutes } from './local-time';

const clock = testClock();
let harness: NotificationsHarness;
beforeAll(async () => {
  harness = await startNotificationsHarness({ now: clock.now });
});
afterAll(() => harness.stop());
beforeEach(async () => {
  clock.set(new Date());
  await harness.clear();
});

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateNotificationPreferencesInput!) {
    updateMyNotificationPreferences(input: $input) {
      channels
      digestHour
      quietHours {
        enabled
        start
        end
      }
      categories {
        category
        channels
        digest
      }
    }
  }
`;

async function prefer(person: Person, input: Record<string, unknown>) {
  const result = await harness.execute(UPDATE, {
    caller: callers.user(person.id),
    variables: { input },
  });
  expect(result.errors).toBeUndefined();
  return result.data;
}

function completed(person: Person) {
  return domainEvent(
    'course.completed',
    {
      enrollmentId: 'n1',
      courseId: 'c1',
      courseTitle: 'Safety',
      userId: person.id,
      completedAt: new Date().toISOString(),
      grade: null,
      cycle: 1,
    },
    { actorId: person.id },
  );
}

function overdue(person: Person) {
  return domainEvent('enrollment.overdue', {
    enrollmentId: 'n1',
    courseId: 'c1',
    courseTitle: 'Safety',
    userId: person.id,
    dueAt: new Date().toISOString(),
  });
}

async function emailOf(event: Envelope, person: Person) {
  await harness.transport.publish(event);
  await eventually(
    async () =>
      (await DeliveryModel.countDocuments({
        sourceKey: event.id,
        userId: person.id,
        channel: Channel.EMAIL,
      })) === 1,
  );
  return (await DeliveryModel.findOne({
    sourceKey: event.id,
    userId: person.id,
    channel: Channel.EMAIL,
  }).lean())!;
}

const clockIn = (minutes: number) =>
  `${String(Math.floor((((minutes % 1440) + 1440) % 1440) / 60)).padStart(2, '0')}:${String(((minutes % 60) + 60) % 60).padStart(2, '0')}`;

describe('what is sent where', () => {
  it('never sends on a channel turned off, unless the template is critical', async () => {
    const person = await addPerson();
    await prefer(person, { channels: ['IN_APP', 'PUSH'] });
    expect(await emailOf(completed(person), person)).toMatchObject({
      status: 'SKIPPED',
      reason: 'PREFERENCE',
    });
    const critical = await emailOf(overdue(person), person);
    expect(critical.status).not.toBe('SKIPPED');
    await eventually(
      async () => (await CapturedMessageModel.countDocuments({ to: person.email })) === 1,
    );
    const sent = await CapturedMessageModel.findOne({ to: person.email }).lean();
    // Critical mail cannot be unsubscribed from.
    expect(sent?.details.some((line) => line.startsWith('List-Unsubscribe'))).toBe(false);
  });

  it('then lets the category decide: a category without email sends none, the in-app item still appears', async () => {
    const person = await addPerson();
    await prefer(person, { categories: [{ category: 'TRAINING', channels: ['IN_APP'] }] });
    const event = completed(person);
    expect(await emailOf(event, person)).toMatchObject({ status: 'SKIPPED', reason: 'PREFERENCE' });
    expect(await NotificationModel.countDocuments({ sourceKey: event.id })).toBe(1);
    const other = domainEvent('registration.confirmed', {
      registrationId: 'r1',
      eventId: 'e1',
      eventTitle: 'Sprint',
      userId: person.id,
      startsAt: new Date().toISOString(),
      endsAt: new Date().toISOString(),
      viaWaitlistOffer: false,
    });
    expect((await emailOf(other, person)).status).not.toBe('SKIPPED');
  });

  it('defers email to the end of quiet hours in the person’s zone; in-app appears at once; critical ignores them', async () => {
    const zone = 'America/Los_Angeles';
    const person = await addPerson({ timeZone: zone });
    const local = localMinutes(clock.now(), zone);
    await prefer(person, {
      quietHours: { enabled: true, start: clockIn(local - 60), end: clockIn(local + 120) },
    });
    const event = completed(person);
    const email = await emailOf(event, person);
    expect(email).toMatchObject({ status: 'QUEUED', reason: 'QUIET_HOURS' });
    const waited = email.deferredUntil!.getTime() - clock.now().getTime();
    expect(waited).toBeGreaterThan(119 * 60_000);
    expect(waited).toBeLessThanOrEqual(120 * 60_000);
    expect(localMinutes(email.deferredUntil!, zone)).toBe((local + 120) % 1440);
    expect(await NotificationModel.countDocuments({ sourceKey: event.id })).toBe(1);
    const job = await notificationsDb
      .collection('jobs')
      .findOne({ 'data.deliveryIds': String(email._id) });
    expect(job?.runAt).toEqual(email.deferredUntil);

    const critical = await emailOf(overdue(person), person);
    expect(critical.reason).toBeNull();
    await eventually(
      async () => (await CapturedMessageModel.countDocuments({ to: person.email })) === 1,
    );
  });

  it('collects a digest category into one email at the chosen hour, and sends nothing on a day with nothing', async () => {
    const zone = 'Asia/Kolkata';
    const person = await addPerson({ timeZone: zone });
    const quiet = await addPerson({ timeZone: zone });
    // Tomorrow, so that the digest waits for its hour.
    clock.set(new Date(Date.now() + 86_400_000));
    const hour = Math.floor(localMinutes(clock.now(), zone) / 60);
    const digestHour = (hour + 2) % 24;
    await prefer(person, {
      digestHour,
      categories: [{ category: 'TRAINING', channels: ['IN_APP', 'EMAIL'], digest: true }],
    });
    await prefer(quiet, {
      digestHour,
      categories: [{ category: 'TRAINING', channels: ['IN_APP', 'EMAIL'], digest: true }],
    });
    const first = completed(person);
    expect(await emailOf(first, person)).toMatchObject({ status: 'SKIPPED', reason: 'DIGEST' });
    const assigned = domainEvent('enrollment.created', {
      enrollmentId: 'n2',
      courseId: 'c2',
      courseTitle: 'Privacy',
      userId: person.id,
      source: 'ASSIGNED',
      dueAt: null,
      cycle: 1,
    });
    expect(await emailOf(assigned, person)).toMatchObject({ status: 'SKIPPED', reason: 'DIGEST' });

    const jobs = notificationsDb.collection('jobs');
    const digest = await jobs.findOne({
      name: 'notifications.digest',
      'data.userId': person.id,
      status: 'PENDING',
    });
    expect(localMinutes(digest!.runAt as Date, zone)).toBe(digestHour * 60);
    expect(
      await jobs.countDocuments({ name: 'notifications.digest', 'data.userId': quiet.id }),
    ).toBe(0);

    // The hour comes.
    await jobs.updateOne({ _id: digest!._id }, { $set: { runAt: new Date() } });
    await eventually(
      async () => (await CapturedMessageModel.countDocuments({ to: person.email })) === 1,
      30_000,
    );
    const email = await CapturedMessageModel.findOne({ to: person.email }).lean();
    expect(email?.subject).toBe('Your WeAce digest: 2 training updates');
    expect(email?.text).toContain('You completed Safety');
    expect(email?.text).toContain('You were assigned Privacy');
    expect(
      await DeliveryModel.countDocuments({
        userId: person.id,
        digestedAt: null,
        reason: DeliveryReason.DIGEST,
      }),
    ).toBe(0);
    expect(await CapturedMessageModel.countDocuments({ to: quiet.email })).toBe(0);
  });

  it('refuses bad preferences naming the field [BAD_USER_INPUT] and keeps the old ones', async () => {
    const person = await addPerson();
    await prefer(person, { digestHour: 9 });
    const result = await harness.execute(UPDATE, {
      caller: callers.user(person.id),
      variables: {
        input: { digestHour: 7, quietHours: { enabled: true, start: '25:00', end: '07:00' } },
      },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result.errors?.[0]?.extensions)).toContain('start');
    const mine = await harness.execute<{ myNotificationPreferences: { digestHour: number } }>(
      `{ myNotificationPreferences { digestHour } }`,
      { caller: callers.user(person.id) },
    );
    expect(mine.data?.myNotificationPreferences.digestHour).toBe(9);
  });
});
