import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary } from 'bson';
import { MongoClient } from 'mongodb';
import { type Cli, runCli } from '../../cli.fixture';
import { startServer } from '../../index';
import { RawClient } from '../../wire/raw-client.fixture';

interface Tagged {
  tag: number;
}

/** Counts the documents of both collections per tag. */
async function countByTag(client: MongoClient): Promise<Map<number, number>> {
  const db = client.db('shop');
  const counts = new Map<number, number>();
  for (const name of ['orders', 'outbox']) {
    for (const { tag } of await db.collection<Tagged>(name).find().toArray()) {
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
  }
  return counts;
}

describe('transaction durability', () => {
  let dbPath: string;
  const running: Cli[] = [];

  beforeEach(async () => {
    dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-txn-'));
  });
  afterEach(async () => {
    for (const cli of running.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
    }
    await rm(dbPath, { recursive: true, force: true });
  });

  it('keeps every transaction wholly or not at all when the server is killed with SIGKILL mid-commit', async () => {
    const first = runCli(['--port', '0', '--dbpath', dbPath, '--replSet', 'shop0']);
    running.push(first);
    const client = await MongoClient.connect(`${await first.uri}?replicaSet=shop0`, {
      maxPoolSize: 8,
      serverSelectionTimeoutMS: 1000,
    });
    const db = client.db('shop');
    const committed = new Set<number>();
    let next = 0;
    let killed = false;
    // Eight writers each commit an order and its outbox record together until the server dies.
    const writers = Array.from({ length: 8 }, async () => {
      while (!killed) {
        const tag = next++;
        try {
          await client.withSession((session) =>
            session.withTransaction(async () => {
              await db.collection<Tagged>('orders').insertOne({ tag }, { session });
              await db.collection<Tagged>('outbox').insertOne({ tag }, { session });
            }),
          );
          committed.add(tag);
        } catch {
          return; // the server is gone
        }
        if (committed.size >= 150 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(writers);
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    await client.close(true);

    const second = runCli(['--port', '0', '--dbpath', dbPath]);
    running.push(second);
    const reader = await MongoClient.connect(await second.uri, { maxPoolSize: 1 });
    const counts = await countByTag(reader);
    for (const [tag, count] of counts) expect([tag, count]).toEqual([tag, 2]);
    for (const tag of committed) expect([tag, counts.get(tag)]).toEqual([tag, 2]);
    await reader.close();
  });

  it('never puts an open transaction’s writes into a snapshot or the journal', async () => {
    const server = await startServer({ port: 0, dbPath, compactJournalAfterBytes: 1024 });
    const client = await MongoClient.connect(server.uri);
    const orders = client.db('shop').collection<Tagged & { _id: number }>('orders');
    const session = client.startSession();
    session.startTransaction();
    await orders.insertOne({ _id: 1, tag: 1 }, { session });
    // Enough plain writes to compact the journal into a snapshot while the transaction is open.
    for (let i = 0; i < 50; i++) await orders.insertOne({ _id: 100 + i, tag: 100 + i });
    await client.close(true);
    await server.stop();

    const restarted = await startServer({ port: 0, dbPath });
    const reader = await MongoClient.connect(restarted.uri);
    const restored = reader.db('shop').collection<Tagged & { _id: number }>('orders');
    expect(await restored.countDocuments()).toBe(50);
    expect(await restored.findOne({ _id: 1 })).toBeNull();
    await reader.close();
    await restarted.stop();
  });

  it('answers a retryable write retried after a restart without applying it again', async () => {
    const lsid = { id: new Binary(Buffer.alloc(16, 7), Binary.SUBTYPE_UUID) };
    const increment = {
      update: 'counters',
      updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } }, upsert: true }],
      lsid,
      txnNumber: 3n,
      $db: 'shop',
    };
    const first = await startServer({ port: 0, dbPath });
    const before = await RawClient.connect(first.port);
    const reply = await before.command(increment);
    expect(reply).toMatchObject({ ok: 1, n: 1, upserted: [{ index: 0, _id: 1 }] });
    await before.close();
    await first.stop();

    const second = await startServer({ port: 0, dbPath });
    const after = await RawClient.connect(second.port);
    try {
      expect(await after.command(increment)).toMatchObject({ ok: 1, n: 1, upserted: [{ _id: 1 }] });
      expect(await after.command({ ...increment, txnNumber: 2n })).toMatchObject({
        ok: 0,
        code: 225,
      });
      const found = await after.command({ find: 'counters', filter: {}, $db: 'shop' });
      expect(found?.cursor.firstBatch).toEqual([{ _id: 1, n: 1 }]);
    } finally {
      await after.close();
      await second.stop();
    }
  });
});
