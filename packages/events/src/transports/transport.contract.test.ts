import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import type { Envelope } from '../catalog/envelope';
import { createInProcessTransport } from './in-process.transport';
import { createNatsTransport } from './nats.transport';
import type { Delivery, Transport } from './transport';
import { eventually } from '../testing/event-fixtures';
import { NATS_URL, deleteStreams, silentLogger } from '../testing/fixtures';

function envelope(n: number): Envelope {
  return {
    id: `01JB${String(n).padStart(22, '0')}`,
    type: 'user.deleted',
    version: 1,
    occurredAt: '2026-12-01T09:00:00.000Z',
    producer: 'users',
    subject: `user-${n}`,
    sequence: 1,
    payload: { userId: `user-${n}` },
  };
}

/** Resolves with the first `count` deliveries a handler sees. */
function collect(count: number, handle: (delivery: Delivery) => Promise<void>) {
  const seen: Delivery[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const handler = async (delivery: Delivery) => {
    seen.push(delivery);
    await handle(delivery);
    if (seen.length === count) done();
  };
  return { seen, all, handler };
}

/** This run's streams: its own names, removed at the end. */
const prefix = `T${randomBytes(6).toString('hex').toUpperCase()}`;
let streams = 0;
afterAll(() => deleteStreams(prefix));

const transports: [string, () => Transport][] = [
  ['in-process', () => createInProcessTransport()],
  [
    'NATS JetStream',
    () =>
      createNatsTransport({
        servers: NATS_URL,
        prefix: `${prefix}${streams++}`,
        logger: silentLogger,
      }),
  ],
];

describe.each(transports)('the %s transport', (_name, create) => {
  const open: Transport[] = [];
  const transport = () => {
    const created = create();
    open.push(created);
    return created;
  };
  afterAll(async () => {
    for (const t of open) await t.close();
  });

  it('delivers each published event to every durable consumer of its producer', async () => {
    const t = transport();
    const a = collect(2, (d) => d.ack());
    const b = collect(2, (d) => d.ack());
    await t.consume({ consumer: 'a', producer: 'users' }, a.handler);
    await t.consume({ consumer: 'b', producer: 'users' }, b.handler);
    await Promise.all([t.publish(envelope(1)), t.publish(envelope(2))]);
    await Promise.all([a.all, b.all]);
    expect(a.seen.map((d) => (d.data as Envelope).id).sort()).toEqual([
      envelope(1).id,
      envelope(2).id,
    ]);
    expect(b.seen).toHaveLength(2);
  });

  it('delivers again, with a higher attempt number, until the event is acknowledged', async () => {
    const t = transport();
    const c = collect(3, async (d) => (d.attempt < 3 ? d.retry(10) : d.ack()));
    await t.consume({ consumer: 'retrying', producer: 'users' }, c.handler);
    await t.publish(envelope(3));
    await c.all;
    expect(c.seen.map((d) => d.attempt)).toEqual([1, 2, 3]);
  });

  it('gives every broadcast subscriber every event, besides the durable consumers', async () => {
    const t = transport();
    const first: unknown[] = [];
    const second: unknown[] = [];
    await t.broadcast('users', (data) => first.push(data));
    await t.broadcast('users', (data) => second.push(data));
    await t.publish(envelope(4));
    await eventually(() => first.length === 1 && second.length === 1);
    expect(first[0]).toEqual(envelope(4));
    expect(second[0]).toEqual(envelope(4));
  });
});

describe('the NATS JetStream transport', () => {
  const t = createNatsTransport({ servers: NATS_URL, prefix: `${prefix}X`, logger: silentLogger });
  afterAll(() => t.close());

  it('drops a second publish of the same event id (Nats-Msg-Id)', async () => {
    await t.publish(envelope(5));
    await t.publish(envelope(5));
    const c = collect(1, (d) => d.ack());
    await t.consume({ consumer: 'dedup', producer: 'users' }, c.handler);
    await c.all;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(c.seen).toHaveLength(1);
  });

  it('replays the stream from its start to a consumer added later', async () => {
    await t.publish(envelope(6));
    const c = collect(2, (d) => d.ack());
    await t.consume({ consumer: 'late-comer', producer: 'users' }, c.handler);
    await c.all;
    expect(c.seen.map((d) => (d.data as Envelope).id)).toEqual([envelope(5).id, envelope(6).id]);
  });
});
