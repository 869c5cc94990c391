import { createECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { callers, eventually } from '@weace/test-kit/subgraph';
import ece from 'http_ece';
import { DeliveryModel } from '../delivery/delivery.model';
import {
  type NotificationsHarness,
  addPerson,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';

const fixtures = join(__dirname, '..', 'testing', 'fixtures');
const cert = readFileSync(join(fixtures, 'push-service.cert.pem'));

/** A push service on this machine (HTTPS, as RFC 8030 requires), keeping each request. */
const received: { path: string; headers: Record<string, unknown>; body: Buffer }[] = [];
const pushService = createServer(
  { key: readFileSync(join(fixtures, 'push-service.key.pem')), cert },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(req.url === '/push/gone' ? 410 : 201).end();
    });
  },
);

let harness: NotificationsHarness;
let origin: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => pushService.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(pushService.address() as AddressInfo).port}`;
  harness = await startNotificationsHarness({ pushAgent: new Agent({ ca: cert }) });
});
afterAll(async () => {
  await harness.stop();
  await new Promise((resolve) => pushService.close(resolve));
});

describe('Web Push', () => {
  it('sends an encrypted payload with VAPID that the browser’s keys decrypt, and forgets a gone subscription', async () => {
    // What a browser's PushManager makes: a P-256 key pair and an auth secret.
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const auth = randomBytes(16);
    const person = await addPerson();
    for (const path of ['/push/device-1', '/push/gone']) {
      const registered = await harness.execute(
        `mutation ($input: PushSubscriptionInput!) { registerPushSubscription(input: $input) { pushSubscriptions { endpoint } } }`,
        {
          caller: callers.user(person.id),
          variables: {
            input: {
              endpoint: `${origin}${path}`,
              p256dh: browser.getPublicKey().toString('base64url'),
              auth: auth.toString('base64url'),
            },
          },
        },
      );
      expect(registered.errors).toBeUndefined();
    }
    const event = domainEvent('badge.awarded', {
      userId: person.id,
      badgeId: 'b1',
      badgeName: 'Night owl',
      awardedAt: new Date().toISOString(),
      period: null,
    });
    await harness.transport.publish(event);
    await eventually(
      async () => (await DeliveryModel.findOne({ sourceKey: event.id }).lean())?.status === 'SENT',
    );

    const delivered = received.find((r) => r.path === '/push/device-1')!;
    expect(delivered.headers['content-encoding']).toBe('aes128gcm');
    expect(String(delivered.headers.authorization)).toMatch(/^vapid t=.+, k=.+$/);
    const payload = JSON.parse(
      ece
        .decrypt(delivered.body, {
          version: 'aes128gcm',
          privateKey: browser,
          authSecret: auth.toString('base64url'),
        })
        .toString(),
    );
    expect(payload).toEqual({
      title: 'New badge: Night owl',
      body: 'You earned the Night owl badge.',
      link: 'http://localhost:3000/achievements',
    });

    const mine = await harness.execute<{
      myNotificationPreferences: { pushSubscriptions: { endpoint: string }[] };
    }>(`{ myNotificationPreferences { pushSubscriptions { endpoint } } }`, {
      caller: callers.user(person.id),
    });
    expect(mine.data?.myNotificationPreferences.pushSubscriptions).toEqual([
      { endpoint: `${origin}/push/device-1` },
    ]);
  });
});
