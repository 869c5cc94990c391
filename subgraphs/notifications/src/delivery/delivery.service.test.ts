import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { callers, eventually } from '@weace/test-kit/subgraph';
import type { ParsedMail } from 'mailparser';
import { type SmtpCatcher, startSmtpCatcher } from '../channels/smtp-catcher';
import { DeliveryModel, DeliveryStatus } from './delivery.model';
import { Channel } from '../preferences/preferences.model';
import { backoffMs } from './delivery.service';
import {
  type NotificationsHarness,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';

/** A provider that fails while `failing` says so, and keeps what it accepted. */
function provider() {
  const state = { failing: false, received: [] as ParsedMail[], attempts: 0 };
  return {
    state,
    start: () =>
      startSmtpCatcher({
        refuse: () => {
          state.attempts += 1;
          return state.failing;
        },
        onMessage: (mail) => {
          state.received.push(mail);
        },
      }),
  };
}

const primary = provider();
const secondary = provider();
let servers: SmtpCatcher[];
let harness: NotificationsHarness;

beforeAll(async () => {
  servers = [await primary.start(), await secondary.start()];
  harness = await startNotificationsHarness({
    random: () => 0.5,
    env: { NOTIFICATIONS_SMTP_URL: servers[0]!.url },
  });
});
afterAll(async () => {
  await harness.stop();
  for (const server of servers) await server.stop();
});
beforeEach(async () => {
  primary.state.failing = false;
  primary.state.received = [];
  primary.state.attempts = 0;
  secondary.state.received = [];
  await harness.clear();
});

function welcome(userId: string, email: string) {
  return domainEvent('user.registered', {
    user: {
      id: userId,
      subject: `sub-${userId}`,
      email,
      name: 'Wendy',
      locale: 'en',
      timeZone: null,
      department: null,
      roles: ['LEARNER'],
      status: 'ACTIVE',
    },
  });
}

const emailDelivery = async (sourceKey: string) =>
  (await DeliveryModel.findOne({ sourceKey, channel: Channel.EMAIL }).lean())!;

describe('delivery with retries', () => {
  it('retries a failing provider with growing waits, then FAILS and dead-letters; an admin replays it', async () => {
    primary.state.failing = true;
    const event = welcome('u-retry', 'retry@example.com');
    await harness.transport.publish(event);
    await eventually(
      async () =>
        (await DeliveryModel.exists({ sourceKey: event.id, status: DeliveryStatus.FAILED })) !==
        null,
    );
    const failed = await emailDelivery(event.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(failed.lastError).toContain('451');
    expect(failed.deadLetteredAt).toBeInstanceOf(Date);
    expect(primary.state.received).toHaveLength(0);

    // The person sees the proof of it on their notification.
    const own = await harness.execute<{
      notificationDeliveries: { channel: string; status: string; attempts: number }[];
    }>(
      `query ($id: ID!) { notificationDeliveries(notificationId: $id) { channel status attempts } }`,
      { caller: callers.user('u-retry'), variables: { id: String(failed.notificationId) } },
    );
    expect(own.data?.notificationDeliveries).toEqual([
      { channel: 'EMAIL', status: 'FAILED', attempts: 3 },
    ]);

    const listed = await harness.execute<{ failedNotificationDeliveries: { id: string }[] }>(
      `{ failedNotificationDeliveries { id } }`,
      { caller: callers.admin },
    );
    expect(listed.data?.failedNotificationDeliveries.map((d) => d.id)).toEqual([
      String(failed._id),
    ]);
    const refused = await harness.execute(
      `mutation ($id: ID!) { replayNotificationDelivery(id: $id) { status } }`,
      {
        caller: callers.user('u-retry'),
        variables: { id: String(failed._id) },
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    primary.state.failing = false;
    const replayed = await harness.execute(
      `mutation ($id: ID!) { replayNotificationDelivery(id: $id) { status } }`,
      {
        caller: callers.admin,
        variables: { id: String(failed._id) },
      },
    );
    expect(replayed.data).toEqual({ replayNotificationDelivery: { status: 'QUEUED' } });
    await eventually(async () => (await emailDelivery(event.id)).status === 'SENT');
    expect(primary.state.received.map((m) => m.subject)).toEqual(['Welcome to WeAce, Wendy']);
  });

  it('waits base · 2^(n-1), jittered between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, () => 0.999))).toEqual([
      1000, 1999, 3998, 7996,
    ]);
  });
});
