import { randomUUID } from 'node:crypto';
import { Role } from '@weace/service-kit';
import { callers, startSubgraphHarness } from '@weace/test-kit/subgraph';
import { notificationsDb } from '../db';
import { DeliveryModel, DeliveryStatus } from '../delivery/delivery.model';
import { createNotificationsSubgraph } from '../index';
import { Category, NotificationModel } from '../notification/notification.model';
import { domainEvent } from '../testing/notifications-harness';

/**
 * Figures for notifications (no pass/fail), on the embedded engine, email to
 * the local SMTP catcher:
 *   - one announcement fanned out to 10,000 people: time to every in-app row;
 *   - the email send rate of an announcement by email to 1,000 of them;
 *   - `myNotificationCounts` and the first inbox page of a person with
 *     10,000 notifications (p50/p99);
 *   - domain event published → `notification.created` relayed (p50/p99).
 *
 *   npm run bench -w @weace/notifications
 */

const AUDIENCE = 10_000;
const INBOX = 10_000;
const QUERY_SAMPLES = 200;
const LATENCY_EVENTS = 100;
const EMAIL_WINDOW_MS = 15_000;
const EMAIL_AUDIENCE = 1_000;

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p99: at(99) };
}

const ms = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;

async function main(): Promise<void> {
  const harness = await startSubgraphHarness(createNotificationsSubgraph());
  try {
    const rows: Record<string, string>[] = [];

    // 1. Fan-out to 10,000 people.
    const people = Array.from({ length: AUDIENCE }, (_, i) => ({
      _id: `bench-${String(i).padStart(6, '0')}`,
      subject: `bench-sub-${i}`,
      email: `bench${i}@example.com`,
      name: `Bench ${i}`,
      locale: 'en',
      timeZone: 'UTC',
      department: 'Bench',
      roles: ['LEARNER'],
      status: 'ACTIVE',
    }));
    await notificationsDb.collection('people').insertMany(people as never[]);
    /** Announces to the people of `department` on `channels`; the announcement's source key. */
    const announce = async (department: string, channels: string[]) => {
      const sent = await harness.execute<{ sendNotification: { id: string } }>(
        `mutation ($input: SendNotificationInput!) { sendNotification(input: $input) { id } }`,
        {
          caller: callers.user('bench-admin', Role.Admin),
          variables: {
            input: {
              audience: { department },
              title: 'All hands',
              body: 'Friday, 10:00',
              channels,
              idempotencyKey: `bench-${randomUUID()}`,
            },
          },
        },
      );
      if (sent.errors) throw new Error(JSON.stringify(sent.errors));
      return `announcement:${sent.data!.sendNotification.id}`;
    };
    const started = process.hrtime.bigint();
    const inApp = await announce('Bench', ['IN_APP']);
    while ((await NotificationModel.countDocuments({ sourceKey: inApp })) < AUDIENCE) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const fanOutMs = ms(started);
    rows.push({
      figure: `fan-out to ${AUDIENCE} people: all in-app rows`,
      value: `${(fanOutMs / 1000).toFixed(1)} s (${Math.round(AUDIENCE / (fanOutMs / 1000))}/s)`,
    });

    // Email on its own: the first EMAIL_AUDIENCE people, sent while the window lasts.
    await notificationsDb.collection('people').updateMany(
      { _id: { $lt: `bench-${String(EMAIL_AUDIENCE).padStart(6, '0')}` } as never },
      {
        $set: { department: 'Mail' },
      },
    );
    const byEmail = await announce('Mail', ['IN_APP', 'EMAIL']);
    const sentBy = () =>
      DeliveryModel.countDocuments({ sourceKey: byEmail, status: DeliveryStatus.SENT });
    while ((await sentBy()) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    const sentBefore = await sentBy();
    await new Promise((resolve) => setTimeout(resolve, EMAIL_WINDOW_MS));
    rows.push({
      figure: 'email send rate (SMTP to the local catcher, pooled)',
      value: `${(((await sentBy()) - sentBefore) / (EMAIL_WINDOW_MS / 1000)).toFixed(1)}/s`,
    });
    await harness.clear();

    // 2. A person with 10,000 notifications.
    const base = Date.now();
    await NotificationModel.insertMany(
      Array.from({ length: INBOX }, (_, i) => ({
        userId: 'heavy',
        category: Category.TRAINING,
        template: 'bench',
        title: `Item ${i}`,
        body: 'Body',
        link: null,
        sourceKey: `bench-${i}`,
        actorId: null,
        createdAt: new Date(base + i),
        readAt: i % 3 ? null : new Date(),
      })),
    );
    for (const [name, query] of [
      ['myNotificationCounts', '{ myNotificationCounts { unread unseen } }'],
      ['first inbox page (20)', '{ myNotifications(first: 20) { edges { node { id title } } } }'],
    ] as const) {
      const samples: number[] = [];
      for (let i = 0; i < QUERY_SAMPLES; i++) {
        const at = process.hrtime.bigint();
        const result = await harness.execute(query, { caller: callers.user('heavy') });
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        samples.push(ms(at));
      }
      const { p50, p99 } = percentiles(samples);
      rows.push({
        figure: `${name}, ${INBOX} items`,
        value: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
      });
    }
    await harness.clear();

    // 3. Domain event → in-app notification (its notification.created relayed).
    const waiting = new Map<string, () => void>();
    const subscription = await harness.transport.broadcast('notifications', (data) => {
      const { payload } = data as { payload: { userId: string } };
      waiting.get(payload.userId)?.();
    });
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_EVENTS; i++) {
      const userId = `latency-${i}`;
      const arrived = new Promise<void>((resolve) => waiting.set(userId, resolve));
      const at = process.hrtime.bigint();
      await harness.transport.publish(
        domainEvent('level.reached', { userId, level: 1, levelName: 'Starter', total: 10 }),
      );
      await arrived;
      latencies.push(ms(at));
    }
    await subscription.close();
    const { p50, p99 } = percentiles(latencies);
    rows.push({
      figure: 'domain event → in-app notification',
      value: `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    });
    console.table(rows);
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
