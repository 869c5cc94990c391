import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Envelope } from '@weace/events';
import { callers, eventually } from '@weace/test-kit/subgraph';
import { Category, NotificationModel } from '../notification/notification.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  routeRequest,
  sseReader,
  startNotificationsHarness,
  testClock,
} from '../testing/notifications-harness';

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

const badge = (userId: string, name: string) =>
  domainEvent('badge.awarded', {
    userId,
    badgeId: randomUUID(),
    badgeName: name,
    awardedAt: new Date().toISOString(),
    period: null,
  });

describe('the live inbox stream', () => {
  it('pushes each new notification and the new unread count to a bearer-authenticated stream', async () => {
    const person = await addPerson();
    const response = await routeRequest(harness, '/notifications/stream', {
      caller: callers.user(person.id),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = sseReader(response);
    await eventually(() => stream.events.some((e) => e.event === 'counts'));
    expect(stream.events[0]).toEqual({ event: 'counts', data: { unread: 0, unseen: 0 } });

    await harness.transport.publish(badge(person.id, 'Early bird'));
    await eventually(() => stream.events.length === 3);
    const item = await NotificationModel.findOne({ userId: person.id }).lean();
    expect(stream.events[1]).toMatchObject({
      id: String(item!._id),
      event: 'notification',
      data: { title: 'New badge: Early bird', unreadCount: 1 },
    });
    expect(stream.events[2]).toEqual({ event: 'counts', data: { unread: 1, unseen: 1 } });
    await stream.close();
  });

  it('hears notifications another replica created, through the broadcast', async () => {
    const person = await addPerson();
    const stream = sseReader(
      await routeRequest(harness, '/notifications/stream', { caller: callers.user(person.id) }),
    );
    await eventually(() => stream.events.length === 1);
    // What another replica's outbox relays; this replica never wrote it.
    const created = {
      id: randomUUID(),
      type: 'notification.created',
      version: 1,
      occurredAt: new Date().toISOString(),
      producer: 'notifications',
      subject: 'elsewhere',
      sequence: 1,
      payload: {
        notificationId: '0123456789abcdef01234567',
        userId: person.id,
        category: Category.ANNOUNCEMENTS,
        title: 'From another replica',
        body: 'Hello',
        link: null,
        createdAt: new Date().toISOString(),
        unreadCount: 1,
      },
    } as Envelope;
    await harness.transport.publish(created);
    await eventually(() => stream.events.some((e) => e.id === '0123456789abcdef01234567'));
    expect(stream.events[1]).toMatchObject({
      event: 'notification',
      data: { title: 'From another replica' },
    });
    await stream.close();
  });

  it('replays what a reconnecting client missed after its Last-Event-ID', async () => {
    const person = await addPerson();
    const events = [badge(person.id, 'One'), badge(person.id, 'Two'), badge(person.id, 'Three')];
    for (const event of events) await harness.transport.publish(event);
    await eventually(
      async () => (await NotificationModel.countDocuments({ userId: person.id })) === 3,
    );
    const [first] = await NotificationModel.find({ userId: person.id }).sort({ _id: 1 }).lean();
    const stream = sseReader(
      await routeRequest(harness, '/notifications/stream', {
        caller: callers.user(person.id),
        headers: { 'last-event-id': String(first!._id) },
      }),
    );
    await eventually(() => stream.events.some((e) => e.event === 'counts'));
    expect(stream.events.map((e) => (e.data as { title?: string }).title ?? e.event)).toEqual([
      'New badge: Two',
      'New badge: Three',
      'counts',
    ]);
    await stream.close();
  });

  it('opens with a one-minute ticket once, and refuses it again or without one [UNAUTHENTICATED]', async () => {
    const person = await addPerson();
    const issued = await harness.execute<{ notificationStreamTicket: string }>(
      `mutation { notificationStreamTicket }`,
      { caller: callers.user(person.id) },
    );
    const ticket = issued.data!.notificationStreamTicket;
    const opened = await routeRequest(harness, `/notifications/stream?ticket=${ticket}`);
    expect(opened.status).toBe(200);
    const stream = sseReader(opened);
    await eventually(() => stream.events.length === 1);
    await stream.close();

    const again = await routeRequest(harness, `/notifications/stream?ticket=${ticket}`);
    expect(again.status).toBe(401);
    const anonymous = await routeRequest(harness, '/notifications/stream');
    expect(anonymous.status).toBe(401);
    expect(
      ((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!
        .extensions.code,
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses a ticket older than a minute [UNAUTHENTICATED]', async () => {
    const person = await addPerson();
    const issued = await harness.execute<{ notificationStreamTicket: string }>(
      `mutation { notificationStreamTicket }`,
      { caller: callers.user(person.id) },
    );
    clock.set(new Date(clock.now().getTime() + 61_000));
    const late = await routeRequest(
      harness,
      `/notifications/stream?ticket=${issued.data!.notificationStreamTicket}`,
    );
    expect(late.status).toBe(401);
  });
});
