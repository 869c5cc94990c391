import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import type { ParsedMail } from 'mailparser';
import { type SmtpCatcher, startSmtpCatcher } from '../channels/smtp-catcher';
import { DeliveryModel, DeliveryStatus } from './delivery.model';
import { Channel } from '../preferences/preferences.model';
import {
  type NotificationsHarness,
  domainEvent,
  startNotificationsHarness,
} from '../testing/notifications-harness';

let primaryAttempts = 0;
const received: ParsedMail[] = [];
let servers: SmtpCatcher[];
let harness: NotificationsHarness;

beforeAll(async () => {
  servers = [
    await startSmtpCatcher({
      refuse: () => {
        primaryAttempts += 1;
        return true;
      },
      onMessage: () => {},
    }),
    await startSmtpCatcher({ onMessage: (mail) => void received.push(mail) }),
  ];
  harness = await startNotificationsHarness({
    random: () => 0,
    env: {
      NOTIFICATIONS_SMTP_URL: servers[0]!.url,
      NOTIFICATIONS_SMTP_SECONDARY_URL: servers[1]!.url,
      NOTIFICATIONS_MAX_ATTEMPTS: '5',
    },
  });
});
afterAll(async () => {
  await harness.stop();
  for (const server of servers) await server.stop();
});

describe('a secondary email transport', () => {
  it('takes over once the primary failed twice for a message', async () => {
    const event = domainEvent('user.registered', {
      user: {
        id: 'u-failover',
        subject: 'sub-failover',
        email: 'failover@example.com',
        name: 'Fay',
        locale: null,
        timeZone: null,
        department: null,
        roles: ['LEARNER'],
        status: 'ACTIVE',
      },
    });
    await harness.transport.publish(event);
    await eventually(
      async () =>
        (await DeliveryModel.exists({ sourceKey: event.id, status: DeliveryStatus.SENT })) !== null,
    );
    const sent = await DeliveryModel.findOne({
      sourceKey: event.id,
      channel: Channel.EMAIL,
    }).lean();
    expect(sent).toMatchObject({ status: 'SENT', attempts: 3, transport: 'secondary' });
    expect(sent?.lastError).toContain('451');
    expect(received.map((mail) => mail.subject)).toEqual(['Welcome to WeAce, Fay']);
    expect(primaryAttempts).toBe(2);
  });
});
