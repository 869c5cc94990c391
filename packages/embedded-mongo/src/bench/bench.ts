import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MongoClient,
  type Collection,
  type Document,
  type ObjectId,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { createJsonLogger } from '../wire/logger';
import { startServer, type RunningServer } from '../wire/server';

/**
 * Figures for the embedded engine through the official driver, printed
 * autocannon-style (ops/s, latency percentiles). No pass/fail: the two
 * targets are shown next to the measured values.
 *
 *   npm run bench -w @weace/embedded-mongo
 */

const DOCS = 100_000;
const INSERT_BATCH = 1_000;
const LOOKUPS = 20_000;
const SCALE_SMALL = 10_000;
const SCALE_LARGE = 1_000_000;
const SCALE_BATCH = 10_000;

interface Result {
  readonly name: string;
  /** Operations counted for ops/s (documents for inserts). */
  readonly ops: number;
  readonly seconds: number;
  /** Latency of each driver call, in ms. */
  readonly latencies: number[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `call` `times` times back to back, timing each call. */
async function measure(
  name: string,
  times: number,
  opsPerCall: number,
  call: (i: number) => Promise<unknown>,
): Promise<Result> {
  const latencies = new Array<number>(times);
  const started = process.hrtime.bigint();
  for (let i = 0; i < times; i++) {
    const t = process.hrtime.bigint();
    await call(i);
    latencies[i] = Number(process.hrtime.bigint() - t) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, ops: times * opsPerCall, seconds, latencies };
}

function stats(result: Result) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    opsPerSecond: result.ops / result.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean,
  };
}

function printTable(title: string, results: Result[]): void {
  const rows = results.map((result) => {
    const s = stats(result);
    return [
      result.name,
      result.ops.toLocaleString('en-US'),
      Math.round(s.opsPerSecond).toLocaleString('en-US'),
      s.p50.toFixed(3),
      s.p99.toFixed(3),
      s.mean.toFixed(3),
    ];
  });
  const header = ['scenario', 'ops', 'ops/s', 'p50 ms', 'p99 ms', 'mean ms'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

const random = (n: number) => Math.floor(Math.random() * n);

async function fill<T extends Document>(
  collection: Collection<T>,
  count: number,
  make: (i: number) => OptionalUnlessRequiredId<T>,
) {
  for (let start = 0; start < count; start += SCALE_BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + SCALE_BATCH); i++) batch.push(make(i));
    await collection.insertMany(batch, { ordered: false });
  }
}

/** Inserts, point lookups, an indexed equality find and an update loop on one connection. */
async function coreScenarios(client: MongoClient): Promise<Result[]> {
  const people = client.db('bench').collection('people');
  await people.createIndex({ email: 1 }, { unique: true });
  await people.createIndex({ team: 1 });
  const ids: ObjectId[] = [];
  const insert = await measure(
    `insertMany ${DOCS / 1000}k docs (batches of ${INSERT_BATCH})`,
    DOCS / INSERT_BATCH,
    INSERT_BATCH,
    async (batch) => {
      const docs = Array.from({ length: INSERT_BATCH }, (_, i) => {
        const n = batch * INSERT_BATCH + i;
        return { email: `user${n}@example.com`, name: `User ${n}`, team: n % 10_000, score: n };
      });
      const result = await people.insertMany(docs);
      for (let i = 0; i < docs.length; i++) ids.push(result.insertedIds[i]);
    },
  );
  return [
    insert,
    await measure('findOne by _id', LOOKUPS, 1, () => people.findOne({ _id: ids[random(DOCS)] })),
    await measure('findOne by unique email', LOOKUPS, 1, () =>
      people.findOne({ email: `user${random(DOCS)}@example.com` }),
    ),
    await measure('find by indexed team (10 docs)', LOOKUPS / 2, 1, () =>
      people.find({ team: random(10_000) }).toArray(),
    ),
    await measure('updateOne $inc by _id', LOOKUPS, 1, () =>
      people.updateOne({ _id: ids[random(DOCS)] }, { $inc: { score: 1 } }),
    ),
  ];
}

const RANGE_SIZE = 100;

const heapMiB = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);

/**
 * Point-lookup time with 10k versus 1M documents in the collection, and at
 * 1M an indexed range of 100 documents sorted by its field, and a top 20.
 */
async function scaleScenarios(client: MongoClient): Promise<Result[]> {
  const db = client.db('bench');
  const small = db.collection<{ _id: number }>('scale_small');
  const large = db.collection<{ _id: number }>('scale_large');
  const make = (i: number) => ({ _id: i, email: `user${i}@example.com`, score: i });
  await fill(small, SCALE_SMALL, make);
  const loaded = process.hrtime.bigint();
  await fill(large, SCALE_LARGE, make);
  const loadSeconds = Number(process.hrtime.bigint() - loaded) / 1e9;
  console.log(
    `\nloaded ${SCALE_LARGE.toLocaleString('en-US')} documents in ${loadSeconds.toFixed(1)} s ` +
      `(${Math.round(SCALE_LARGE / loadSeconds).toLocaleString('en-US')} docs/s, insertMany batches of ${SCALE_BATCH}); ` +
      `heap ${heapMiB()} MiB`,
  );
  const building = process.hrtime.bigint();
  await large.createIndex({ score: 1 });
  console.log(
    `built { score: 1 } over them in ${(Number(process.hrtime.bigint() - building) / 1e9).toFixed(1)} s; ` +
      `heap ${heapMiB()} MiB`,
  );
  const range = () => {
    const from = random(SCALE_LARGE - RANGE_SIZE);
    return large
      .find({ score: { $gte: from, $lt: from + RANGE_SIZE } })
      .sort({ score: 1 })
      .toArray();
  };
  // Warm every path equally so none pays for JIT compilation.
  for (let i = 0; i < 2_000; i++) {
    await small.findOne({ _id: random(SCALE_SMALL) });
    await large.findOne({ _id: random(SCALE_LARGE) });
    if (i % 10 === 0) await range();
  }
  return [
    await measure(`findOne by _id, ${SCALE_SMALL / 1000}k docs`, LOOKUPS, 1, () =>
      small.findOne({ _id: random(SCALE_SMALL) }),
    ),
    await measure(`findOne by _id, ${SCALE_LARGE / 1_000_000}M docs`, LOOKUPS, 1, () =>
      large.findOne({ _id: random(SCALE_LARGE) }),
    ),
    await measure(
      `range of ${RANGE_SIZE} by indexed score, sorted, 1M docs`,
      LOOKUPS / 4,
      1,
      range,
    ),
    await measure('top 20 by score (sort -1, limit 20), 1M docs', LOOKUPS / 4, 1, () =>
      large.find({}).sort({ score: -1 }).limit(20).toArray(),
    ),
    // What returning 100 documents costs by itself: 100 point lookups in one find.
    await measure(`${RANGE_SIZE} _ids by $in (reference), 1M docs`, LOOKUPS / 4, 1, () => {
      const from = random(SCALE_LARGE - RANGE_SIZE);
      const ids = Array.from({ length: RANGE_SIZE }, (_, i) => from + i);
      return large.find({ _id: { $in: ids } }).toArray();
    }),
  ];
}

const TRANSACTIONS = 2_000;

/**
 * Two-document transactions (an order and its outbox record, as the event
 * outbox writes them) through `withTransaction`, on one connection and
 * spread over 16.
 */
async function transactionScenarios(uri: string): Promise<Result[]> {
  const results: Result[] = [];
  for (const connections of [1, 16]) {
    const client = await MongoClient.connect(uri, { maxPoolSize: connections });
    try {
      const db = client.db(`bench_txn_${connections}`);
      const orders = db.collection('orders');
      const outbox = db.collection('outbox');
      // Both collections exist before timing: creating them is not part of a transaction's cost.
      await orders.insertOne({ warmup: true });
      await outbox.insertOne({ warmup: true });
      const latencies: number[] = [];
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < TRANSACTIONS) {
            const n = next++;
            const t = process.hrtime.bigint();
            await client.withSession((session) =>
              session.withTransaction(async () => {
                await orders.insertOne({ n, total: n % 100 }, { session });
                await outbox.insertOne({ type: 'order.placed', n }, { session });
              }),
            );
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const name = `2-doc transaction, ${connections} connection${connections > 1 ? 's' : ''}`;
      results.push({ name, ops: latencies.length, seconds, latencies });
    } finally {
      await client.close();
    }
  }
  return results;
}

/** The cost of durability: one fsync per write on one connection, grouped across many. */
async function journalScenarios(): Promise<Result[]> {
  const dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-bench-'));
  const server = await startServer({ port: 0, dbPath, logger: createJsonLogger('warn') });
  try {
    const one = await MongoClient.connect(server.uri, { maxPoolSize: 1 });
    const many = await MongoClient.connect(server.uri, { maxPoolSize: 32 });
    try {
      const single = one.db('bench').collection('journaled');
      const sequential = await measure('insertOne, journaled, 1 connection', 2_000, 1, (i) =>
        single.insertOne({ n: i }),
      );
      const grouped = many.db('bench').collection('journaled_many');
      const latencies: number[] = [];
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: 32 }, async (_, worker) => {
          for (let i = 0; i < 500; i++) {
            const t = process.hrtime.bigint();
            await grouped.insertOne({ worker, i });
            latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const concurrent = {
        name: 'insertOne, journaled, 32 connections',
        ops: latencies.length,
        seconds,
        latencies,
      };
      return [sequential, concurrent];
    } finally {
      await one.close();
      await many.close();
    }
  } finally {
    await server.stop();
    await rm(dbPath, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `embedded-mongo bench — Node ${process.version}, ${availableParallelism()} CPUs, ` +
      'official driver, one connection (maxPoolSize 1), memory only unless marked journaled',
  );
  let server: RunningServer | undefined;
  let client: MongoClient | undefined;
  try {
    server = await startServer({ port: 0, logger: createJsonLogger('warn') });
    client = await MongoClient.connect(server.uri, { maxPoolSize: 1 });
    printTable('core operations (100k documents)', await coreScenarios(client));
    printTable(
      'transactions (withTransaction, insert an order and its outbox record)',
      await transactionScenarios(server.uri),
    );

    const [small, large, range, top, reference] = await scaleScenarios(client);
    printTable('point lookups and ordered-index reads as the collection grows', [
      small,
      large,
      range,
      top,
      reference,
    ]);
    const ratio = stats(large).mean / stats(small).mean;
    const lookupsPerSecond = stats(large).opsPerSecond;
    console.log(
      `\n1M/10k point-lookup time ratio: ${ratio.toFixed(2)}x (target ≤ 2x); ` +
        `lookups/s at 1M: ${Math.round(lookupsPerSecond).toLocaleString('en-US')} (target ≥ 10,000)`,
    );
    console.log(
      `range of ${RANGE_SIZE} / point lookup at 1M: ${(stats(range).mean / stats(large).mean).toFixed(2)}x (target ≤ 3x); ` +
        `range / ${RANGE_SIZE} _ids by $in: ${(stats(range).mean / stats(reference).mean).toFixed(2)}x`,
    );
  } finally {
    await client?.close();
    await server?.stop();
  }
  printTable('journal (fsync before each acknowledgement)', await journalScenarios());
  console.log(
    `\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
