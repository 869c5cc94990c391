import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RunningServer, startServer } from '@weace/embedded-mongo';
import { createInProcessTransport } from '@weace/events';
import { type RunningService, createLogger, startSubgraph } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import { type SmtpCatcher, startSmtpCatcher } from '../channels/smtp-catcher';
import { createNotificationsSubgraph } from '../index';
import { Channel } from '../preferences/preferences.model';
import { domainEvent } from '../testing/notifications-harness';
import { DeliveryModel, DeliveryStatus } from './delivery.model';

const transport = createInProcessTransport();
let engine: RunningServer;
let refusing: SmtpCatcher;
let accepting: SmtpCatcher;
const received: string[] = [];

beforeAll(async () => {
  engine = await startServer({ port: 0 });
  refusing = await startSmtpCatcher({ refuse: () => true, onMessage: () => {} });
  accepting = await startSmtpCatcher({ onMessage: (mail) => void received.push(mail.subject!) });
});
afterAll(async () => {
  await refusing.stop();
  await accepting.stop();
  await transport.close();
  await engine.stop();
});

/** The service as a process runs it, on the shared engine, sending to `smtpUrl`. */
function run(smtpUrl: string): Promise<RunningService> {
  return startSubgraph(createNotificationsSubgraph(), {
    config: {
      nodeEnv: 'test',
      logLevel: 'silent',
      host: '127.0.0.1',
      port: 0,
      mongodbUri: engine.uri,
      internalTokenSecret: 'a-test-secret-of-at-least-32-characters',
    },
    env: {
      NOTIFICATIONS_SMTP_URL: smtpUrl,
      NOTIFICATIONS_RETRY_BASE_MS: '400',
      NOTIFICATIONS_MAX_ATTEMPTS: '10',
    },
    transport,
    logger: createLogger({ service: 'notifications', level: 'silent' }),
  });
}

describe('a restart', () => {
  it('loses no queued delivery: the next process sends what the last one could not', async () => {
    const first = await run(refusing.url);
    const event = domainEvent('user.registered', {
      user: {
        id: 'u-restart',
        subject: 'sub-restart',
        email: 'restart@example.com',
        name: 'Rita',
        locale: null,
        timeZone: null,
        department: null,
        roles: ['LEARNER'],
        status: 'ACTIVE',
      },
    });
    await transport.publish(event);
    const email = { sourceKey: event.id, channel: Channel.EMAIL };
    await eventually(async () => ((await DeliveryModel.findOne(email).lean())?.attempts ?? 0) >= 1);
    expect((await DeliveryModel.findOne(email).lean())?.status).toBe(DeliveryStatus.QUEUED);
    await first.stop();
    expect(received).toEqual([]);

    const second = await run(accepting.url);
    try {
      await eventually(
        async () => (await DeliveryModel.findOne(email).lean())?.status === DeliveryStatus.SENT,
      );
      expect(received).toEqual(['Welcome to WeAce, Rita']);
      expect((await DeliveryModel.findOne(email).lean())?.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await second.stop();
    }
  });
});
