import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { Registry } from 'prom-client';
import type { EventBus } from './bus';
import type { EventHandler } from './consumer/handle-event';
import { NATS_URL, deleteStreams, silentLogger } from './testing/fixtures';
import {
  type EventTestWorld,
  eventually,
  startEventTestWorld,
  userDeleted,
} from './testing/event-fixtures';
import { createInProcessTransport } from './transports/in-process.transport';
import { createNatsTransport } from './transports/nats.transport';
import type { Transport } from './transports/transport';

const prefix = `B${randomBytes(6).toString('hex').toUpperCase()}`;
let streams = 0;
afterAll(() => deleteStreams(prefix));

/**
 * Each transport, and how a second replica of a service reaches the same
 * events: in process it is the same transport; over NATS, its own connection.
 */
const nats = () =>
  createNatsTransport({ servers: NATS_URL, prefix: `${prefix}${streams}`, logger: silentLogger });
const transports: [string, () => Transport, (first: Transport) => Transport][] = [
  ['in-process', () => createInProcessTransport(), (first) => first],
  ['NATS JetStream', nats, nats],
];

const snapshot = (id: string, name: string) => ({
  id,
  subject: `sub-${id}`,
  email: `${id}@weace.test`,
  name,
  locale: null,
  timeZone: null,
  department: null,
  roles: ['LEARNER' as const],
  status: 'ACTIVE' as const,
});

/*
 * A durable consumer added later reads the stream from its start (NATS), so
 * each test's handlers act only on the subjects that test published.
 */
describe.each(transports)(
  'domain events over the %s transport',
  (_name, makeTransport, replicaTransport) => {
    let world: EventTestWorld;
    let transport: Transport;
    let users: Connection;
    let notifications: Connection;
    beforeAll(async () => {
      world = await startEventTestWorld();
      transport = makeTransport();
      users = await world.database('weace_users');
      notifications = await world.database('weace_notifications');
    });
    afterAll(async () => {
      await world.stop();
      await transport.close();
      streams++;
    });

    /** A fresh producer and consumer pair on the shared transport (unique consumer names per test). */
    async function pair(
      consumerName: string,
      handle: Parameters<EventBus['subscribe']>[2],
      latestOnly = false,
    ) {
      const producer = world.bus('users', users, transport);
      const consumer = world.bus('notifications', notifications, transport);
      consumer.subscribe(consumerName, ['user.deleted', 'user.updated'], handle, { latestOnly });
      await consumer.start();
      await producer.start();
      return { producer, consumer };
    }

    it('delivers a committed event to its consumer, whose writes commit with the inbox record', async () => {
      const erased = notifications.collection('erased_a');
      const { producer } = await pair('erase-a', async (event, { session }) => {
        if (event.type === 'user.deleted')
          await erased.insertOne({ userId: event.payload.userId }, { session });
      });
      const envelope = await producer.withTransaction(async (session) => {
        await users
          .collection('users')
          .insertOne({ _id: 'u1' as never, deletedAt: new Date() }, { session });
        return producer.publish(session, userDeleted('u1'));
      });
      expect(envelope).toMatchObject({
        type: 'user.deleted',
        version: 1,
        producer: 'users',
        sequence: 1,
      });
      await eventually(async () => (await erased.countDocuments({ userId: 'u1' })) === 1);
      await producer.drained();
      expect(await users.collection('outbox').findOne({ _id: envelope.id as never })).toMatchObject(
        {
          status: 'PUBLISHED',
        },
      );
      expect(await notifications.collection('inbox').countDocuments({ eventId: envelope.id })).toBe(
        1,
      );
    });

    it('relays each commit at once, also one made while the relay is busy sending the last', async () => {
      // The poll would take ten minutes: only the wake-up after each commit can deliver in time.
      // A database of its own: the other tests' relays (polling every 50 ms) must not help.
      const own = await world.database('weace_users_wake');
      const producer = world.bus('users', own, transport, { relay: { pollIntervalMs: 600_000 } });
      const consumer = world.bus('notifications', notifications, transport);
      const handled: string[] = [];
      let wakeNext = () => {};
      consumer.subscribe('erase-wake', ['user.deleted'], async (event) => {
        if (!event.subject.startsWith('wake-')) return;
        handled.push(event.subject);
        wakeNext();
      });
      await consumer.start();
      await producer.start();
      for (let i = 0; i < 20; i++) {
        // Each next commit comes while the relay still waits for the last event's acknowledgement.
        const reached = new Promise<void>((resolve) => (wakeNext = resolve));
        await producer.withTransaction((session) =>
          producer.publish(session, userDeleted(`wake-${i}`)),
        );
        await Promise.race([
          reached,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`wake-${i} not relayed`)), 10_000),
          ),
        ]);
      }
      expect(handled).toHaveLength(20);
    });

    it('publishes nothing when the transaction that published aborts', async () => {
      const seen: string[] = [];
      const { producer } = await pair('erase-b', async (event) => {
        if (event.subject.startsWith('b-')) seen.push(event.id);
      });
      await expect(
        producer.withTransaction(async (session) => {
          await producer.publish(session, userDeleted('b-aborted'));
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');
      await producer.withTransaction((session) =>
        producer.publish(session, userDeleted('b-after')),
      );
      await eventually(() => seen.length === 1);
      await producer.drained();
      expect(
        await users.collection('outbox').countDocuments({ 'envelope.subject': 'b-aborted' }),
      ).toBe(0);
      expect(seen).toHaveLength(1);
    });

    it('has one effect when two replicas of a consumer race on the same event', async () => {
      const effects = notifications.collection('effects_c');
      const handle: EventHandler<'user.deleted'> = async (event, { session }) => {
        if (event.subject.startsWith('race-')) {
          await effects.insertOne({ event: event.payload }, { session });
        }
      };
      const producer = world.bus('users', users, transport);
      // Two replicas of one service: the same consumer, each with its own transport connection.
      const secondTransport = replicaTransport(transport);
      const replicaA = world.bus('notifications', notifications, transport);
      const replicaB = world.bus('notifications', notifications, secondTransport);
      replicaA.subscribe('effects-c', ['user.deleted'], handle);
      replicaB.subscribe('effects-c', ['user.deleted'], handle);
      await Promise.all([replicaA.start(), replicaB.start()]);
      await producer.start();
      for (let i = 0; i < 10; i++) {
        await producer.withTransaction((session) =>
          producer.publish(session, userDeleted(`race-${i}`)),
        );
      }
      await eventually(async () => (await effects.countDocuments()) >= 10);
      await producer.drained();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await effects.countDocuments()).toBe(10);
      await replicaB.stop();
      if (secondTransport !== transport) await secondTransport.close();
    });

    it('dead-letters a poison event after its attempts, and an admin replays it after the fix', async () => {
      let fixed = false;
      const applied: string[] = [];
      const { producer, consumer } = await pair('poisoned', async (event) => {
        if (event.subject !== 'poison') return;
        if (!fixed) throw new Error('handler bug');
        applied.push(event.id);
      });
      const envelope = await producer.withTransaction((session) =>
        producer.publish(session, userDeleted('poison')),
      );
      await eventually(async () => (await consumer.deadLetters.list(10)).items.length === 1);
      const [letter] = (await consumer.deadLetters.list(10)).items;
      expect(letter).toMatchObject({
        consumer: 'notifications-poisoned',
        eventId: envelope.id,
        type: 'user.deleted',
        error: 'handler bug',
        attempts: 3,
      });
      expect(applied).toEqual([]);
      fixed = true;
      const replayed = await consumer.deadLetters.replay(letter!._id.toHexString());
      expect(replayed?.replayedAt).toBeInstanceOf(Date);
      expect(applied).toEqual([envelope.id]);
      expect((await consumer.deadLetters.list(10)).items).toEqual([]);
      // Replaying again finds nothing to do.
      expect(await consumer.deadLetters.replay(letter!._id.toHexString())).toBeNull();
    });

    it('ignores an event older than one a latest-wins consumer applied for its subject', async () => {
      const names = notifications.collection('names_e');
      const { producer } = await pair(
        'directory-e',
        async (event, { session }) => {
          if (event.type !== 'user.updated') return;
          const { user } = event.payload;
          await names.updateOne(
            { _id: user.id as never },
            { $set: { name: user.name } },
            { upsert: true, session },
          );
        },
        true,
      );
      const publishName = (name: string) =>
        producer.withTransaction((session) =>
          producer.publish(session, {
            type: 'user.updated',
            subject: 'person-e',
            payload: { user: snapshot('person-e', name), changed: ['name'] },
          }),
        );
      const first = await publishName('Ada');
      const second = await publishName('Ada Lovelace');
      expect([first.sequence, second.sequence]).toEqual([1, 2]);
      await eventually(
        async () => (await names.findOne({ _id: 'person-e' as never }))?.name === 'Ada Lovelace',
      );
      // A late redelivery of the first event, as after a lost acknowledgement.
      await transport.publish({ ...first, id: `${first.id}-redelivered` });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await names.findOne({ _id: 'person-e' as never }))?.name).toBe('Ada Lovelace');
    });

    it('gives a broadcast listener on each of two replicas every event', async () => {
      const producer = world.bus('users', users, transport);
      await producer.start();
      const secondTransport = replicaTransport(transport);
      const onA: string[] = [];
      const onB: string[] = [];
      const a = await world
        .bus('notifications', notifications, transport)
        .broadcast(['user.deleted'], (e) => onA.push(e.subject));
      const b = await world
        .bus('notifications', notifications, secondTransport)
        .broadcast(['user.deleted'], (e) => onB.push(e.subject));
      for (const id of ['bc-1', 'bc-2', 'bc-3']) {
        await producer.withTransaction((session) => producer.publish(session, userDeleted(id)));
      }
      await eventually(() => onA.length === 3 && onB.length === 3);
      expect(onA).toEqual(['bc-1', 'bc-2', 'bc-3']);
      expect(onB).toEqual(['bc-1', 'bc-2', 'bc-3']);
      await a.close();
      await b.close();
      if (secondTransport !== transport) await secondTransport.close();
    });
  },
);

describe('the event metrics', () => {
  it('count deliveries and acknowledgements per consumer and show the outbox lag', async () => {
    const world = await startEventTestWorld();
    const transport = createInProcessTransport();
    try {
      const registry = new Registry();
      const users = await world.database('weace_users');
      const producer = world.bus('users', users, transport);
      const consumer = world.bus(
        'notifications',
        await world.database('weace_notifications'),
        transport,
        { registry },
      );
      consumer.subscribe('counted', ['user.deleted'], async () => undefined);
      await consumer.start();
      await producer.start();
      await producer.withTransaction((session) => producer.publish(session, userDeleted('m1')));
      await producer.drained();
      const text = await registry.metrics();
      expect(text).toMatch(/^events_delivered_total\{consumer="notifications-counted"\} 1$/m);
      expect(text).toMatch(/^events_acked_total\{consumer="notifications-counted"\} 1$/m);
      expect(text).toMatch(/^events_outbox_pending 0$/m);
    } finally {
      await world.stop();
      await transport.close();
    }
  });
});
