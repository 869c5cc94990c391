import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { silentLogger } from './testing/fixtures';
import {
  type EventTestWorld,
  eventually,
  startEventTestWorld,
  userDeleted,
} from './testing/event-fixtures';
import { type TestNatsServer, startTestNatsServer } from './testing/nats-server';
import { createInProcessTransport } from './transports/in-process.transport';
import { createNatsTransport } from './transports/nats.transport';

let world: EventTestWorld;
beforeAll(async () => {
  world = await startEventTestWorld();
});
afterAll(() => world.stop());

describe('the outbox when the transport or the producer fails', () => {
  let nats: TestNatsServer;
  beforeAll(async () => {
    nats = await startTestNatsServer();
  });
  afterAll(() => nats.remove());

  it('holds events while NATS is down and sends them when it returns', async () => {
    const prefix = `R${randomBytes(4).toString('hex').toUpperCase()}`;
    const transport = createNatsTransport({ servers: nats.url, prefix, logger: silentLogger });
    const users = await world.database('weace_users_nats');
    const notifications = await world.database('weace_notifications_nats');
    const producer = world.bus('users', users, transport, {
      relay: { pollIntervalMs: 50, maxBackoffMs: 500 },
    });
    const consumer = world.bus('notifications', notifications, transport);
    const received: string[] = [];
    consumer.subscribe(
      'outage',
      ['user.deleted'],
      async (event) => void received.push(event.subject),
    );
    await consumer.start();
    await producer.start();
    await producer.withTransaction((session) =>
      producer.publish(session, userDeleted('before-outage')),
    );
    await eventually(() => received.length === 1);

    await nats.stop();
    for (const id of ['during-1', 'during-2', 'during-3']) {
      await producer.withTransaction((session) => producer.publish(session, userDeleted(id)));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await users.collection('outbox').countDocuments({ status: 'PENDING' })).toBe(3);
    expect(received).toEqual(['before-outage']);

    await nats.start();
    await eventually(() => received.length === 4, 20_000);
    expect(received.slice(1).sort()).toEqual(['during-1', 'during-2', 'during-3']);
    await producer.drained();
    expect(await users.collection('outbox').countDocuments({ status: 'PENDING' })).toBe(0);
    await producer.stop();
    await consumer.stop();
    await transport.close();
  }, 60_000);

  it('delivers, after a restart, an event committed by a producer killed before publishing it', async () => {
    const users = await world.database('weace_users');
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        join(__dirname, 'testing', 'producer.child.ts'),
        world.engine.uri,
        // Nobody listens there: the relay cannot publish before the kill.
        'nats://127.0.0.1:9',
        'killed-producer',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on(
        'data',
        (chunk: Buffer) => chunk.toString().includes('committed') && resolve(),
      );
      child.once('exit', (code) =>
        reject(new Error(`the producer exited with ${code} before committing`)),
      );
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(await users.collection('outbox').countDocuments({ status: 'PENDING' })).toBe(1);

    // The service comes back: its relay finds the committed event and sends it.
    const transport = createInProcessTransport();
    const received: string[] = [];
    const consumer = world.bus(
      'notifications',
      await world.database('weace_notifications'),
      transport,
    );
    consumer.subscribe(
      'after-crash',
      ['user.deleted'],
      async (event) => void received.push(event.subject),
    );
    await consumer.start();
    const producer = world.bus('users', users, transport);
    await producer.start();
    await eventually(() => received.length === 1);
    expect(received).toEqual(['killed-producer']);
    await producer.stop();
    await consumer.stop();
    await transport.close();
  }, 60_000);
});
