import { randomBytes } from 'node:crypto';
import { startServer } from '@weace/embedded-mongo';
import mongoose, { type Connection } from 'mongoose';
import { createEventBus, type EventBus } from '../bus';
import { NATS_URL, deleteStreams, silentLogger } from '../testing/fixtures';
import { createInProcessTransport } from '../transports/in-process.transport';
import { createNatsTransport } from '../transports/nats.transport';
import type { Transport } from '../transports/transport';

/**
 * Figures for domain events (no pass/fail), both transports in one run:
 * latency from the commit to the consumer's handler, and how fast the relay
 * drains a backlog of 10,000 outbox records.
 *
 *   npm run bench -w @weace/events      (NATS_URL, default nats://127.0.0.1:4222)
 */

const LATENCY_EVENTS = 200;
const BACKLOG = 10_000;
const BACKLOG_BATCH = 100;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function database(uri: string, name: string): Promise<Connection> {
  const connection = mongoose.createConnection();
  await connection.openUri(uri, { dbName: name });
  return connection;
}

function bus(service: string, connection: Connection, transport: Transport): EventBus {
  return createEventBus({ service, connection, transport, logger: silentLogger });
}

/** Commit → handler, one event at a time. */
async function latency(uri: string, transport: Transport, tag: string) {
  const producer = bus('users', await database(uri, `lat_users_${tag}`), transport);
  const consumer = bus('notifications', await database(uri, `lat_notifications_${tag}`), transport);
  const committedAt = new Map<string, bigint>();
  const waiting = new Map<string, () => void>();
  const samples: number[] = [];
  consumer.subscribe('latency', ['user.deleted'], async (event) => {
    const started = committedAt.get(event.subject);
    if (started !== undefined) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    waiting.get(event.subject)?.();
  });
  await consumer.start();
  await producer.start();
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    const subject = `${tag}-${i}`;
    const handled = new Promise<void>((resolve) => waiting.set(subject, resolve));
    await producer.withTransaction(async (session) => {
      await producer.publish(session, {
        type: 'user.deleted',
        subject,
        payload: { userId: subject },
      });
      committedAt.set(subject, process.hrtime.bigint());
    });
    await handled;
  }
  await producer.stop();
  await consumer.stop();
  const sorted = samples.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** 10,000 records already pending (the relay stopped meanwhile), then drained. */
async function relayThroughput(uri: string, transport: Transport, tag: string) {
  const producer = bus('users', await database(uri, `relay_users_${tag}`), transport);
  const consumer = bus(
    'notifications',
    await database(uri, `relay_notifications_${tag}`),
    transport,
  );
  let handled = 0;
  consumer.subscribe('relay', ['user.deleted'], async () => void handled++);
  await consumer.start();
  for (let start = 0; start < BACKLOG; start += BACKLOG_BATCH) {
    await producer.withTransaction(async (session) => {
      for (let i = start; i < start + BACKLOG_BATCH; i++) {
        const subject = `${tag}-backlog-${i}`;
        await producer.publish(session, {
          type: 'user.deleted',
          subject,
          payload: { userId: subject },
        });
      }
    });
  }
  const started = process.hrtime.bigint();
  await producer.start();
  await producer.drained();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  while (handled < BACKLOG) await new Promise((resolve) => setTimeout(resolve, 10));
  const delivered = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.stop();
  await consumer.stop();
  return { published: BACKLOG / seconds, handled: BACKLOG / delivered };
}

async function main() {
  const engine = await startServer({ port: 0 });
  const prefix = `BENCH${randomBytes(4).toString('hex').toUpperCase()}`;
  const transports: [string, () => Transport][] = [
    ['in-process', () => createInProcessTransport()],
    [
      'NATS JetStream',
      () => createNatsTransport({ servers: NATS_URL, prefix, logger: silentLogger }),
    ],
  ];
  const rows: string[][] = [];
  try {
    for (const [name, make] of transports) {
      const transport = make();
      const tag = name === 'in-process' ? 'mem' : 'nats';
      const lat = await latency(engine.uri, transport, tag);
      const relay = await relayThroughput(engine.uri, transport, tag);
      await transport.close();
      rows.push([
        name,
        lat.p50.toFixed(2),
        lat.p99.toFixed(2),
        Math.round(relay.published).toLocaleString('en-US'),
        Math.round(relay.handled).toLocaleString('en-US'),
      ]);
    }
  } finally {
    await deleteStreams(prefix).catch(() => undefined);
    await engine.stop();
  }
  const header = [
    'transport',
    'commit→handler p50 ms',
    'p99 ms',
    'relay events/s (10k backlog)',
    'handled/s',
  ];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ');
  console.log('\nDomain events (embedded engine, one process)');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
