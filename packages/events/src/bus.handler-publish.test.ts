import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventBus } from './bus';
import { type EventTestWorld, startEventTestWorld } from './testing/event-fixtures';
import { createInProcessTransport } from './transports/in-process.transport';

describe("what a consumer's handler publishes", () => {
  const transport = createInProcessTransport();
  let world: EventTestWorld;
  let users: EventBus;
  beforeAll(async () => {
    world = await startEventTestWorld();
    users = world.bus('users', await world.database('weace_users'), transport);
    // Its relay polls once a minute: only a wake-up relays within the test.
    const notifications = world.bus(
      'notifications',
      await world.database('weace_notifications'),
      transport,
      { relay: { pollIntervalMs: 60_000 } },
    );
    notifications.subscribe('inbox', ['user.deleted'], async (event, { session }) => {
      await notifications.publish(session, {
        type: 'notification.created',
        subject: event.subject,
        payload: {
          notificationId: event.subject,
          userId: event.payload.userId,
          category: 'ACCOUNT',
          title: 'Goodbye',
          body: 'Your profile was deleted',
          link: null,
          createdAt: new Date().toISOString(),
          unreadCount: 1,
        },
      });
    });
    await notifications.start();
    await users.start();
  });
  afterAll(async () => {
    await world.stop();
    await transport.close();
  });

  it('is relayed as soon as the handler commits, not at the next poll', async () => {
    const arrived = new Promise<number>((resolve) => {
      void transport.broadcast('notifications', () => resolve(Date.now()));
    });
    const committed = Date.now();
    await users.withTransaction((session) =>
      users.publish(session, { type: 'user.deleted', subject: 'u1', payload: { userId: 'u1' } }),
    );
    const at = await Promise.race([
      arrived,
      new Promise<number>((r) => setTimeout(() => r(Infinity), 20_000)),
    ]);
    expect(at - committed).toBeLessThan(10_000);
  });
});
