import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, MongoServerError } from 'mongodb';
import { createJsonLogger } from './logger';
import { OP_REPLY } from './protocol';
import { opMsg, opQuery, RawClient } from './raw-client.fixture';
import { startServer, type RunningServer } from './server';

/**
 * The wire layer with the real command layer, through the official driver.
 * Command semantics are tested in src/engine; these tests are about transport,
 * limits, connections and durability.
 */

const silent = createJsonLogger('silent');

describe('startServer (memory only)', () => {
  let server: RunningServer;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startServer({ port: 0, logger: silent });
    client = await MongoClient.connect(server.uri, { maxPoolSize: 1 });
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('serves the official driver at the URI it returns', async () => {
    expect(server.uri).toBe(`mongodb://127.0.0.1:${server.port}/`);
    const users = client.db('wire').collection<{ _id: string; email: string }>('users');
    await users.insertOne({ _id: 'a', email: 'a@example.com' });
    await expect(users.findOne({ _id: 'a' })).resolves.toEqual({
      _id: 'a',
      email: 'a@example.com',
    });
  });

  it('answers the legacy OP_QUERY isMaster handshake with OP_REPLY', async () => {
    const raw = await RawClient.connect(server.port);
    raw.send(opQuery('admin.$cmd', { isMaster: 1, helloOk: true }, 42));
    const reply = await raw.next();
    expect(reply).toMatchObject({ opCode: OP_REPLY, responseTo: 42 });
    expect(reply?.document).toMatchObject({
      ismaster: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      ok: 1,
    });
    expect(reply?.document.compression).toBeUndefined();
    await raw.close();
  });

  it('inserts documents sent as an OP_MSG document sequence', async () => {
    const raw = await RawClient.connect(server.port);
    const reply = await raw.command(
      { insert: 'sequenced', $db: 'wire' },
      { sequences: [['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]]] },
    );
    expect(reply).toMatchObject({ ok: 1, n: 3 });
    await raw.close();
    await expect(client.db('wire').collection('sequenced').countDocuments()).resolves.toBe(3);
  });

  it('runs an unacknowledged (w:0, moreToCome) write before the next command on the connection', async () => {
    const items = client.db('wire').collection<{ _id: number }>('unacknowledged');
    await items.insertOne({ _id: 1 }, { writeConcern: { w: 0 } });
    await expect(items.findOne({ _id: 1 })).resolves.toEqual({ _id: 1 });
  });

  it('serves many connections at once', async () => {
    const pool = await MongoClient.connect(server.uri, { maxPoolSize: 25 });
    const counters = pool.db('wire').collection<{ _id: number; worker: number }>('counters');
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => counters.insertOne({ _id: i, worker: i % 25 })),
    );
    const found = await Promise.all(
      Array.from({ length: 200 }, (_, i) => counters.findOne({ _id: i })),
    );
    expect(found.map((doc) => doc?.worker)).toEqual(Array.from({ length: 200 }, (_, i) => i % 25));
    await pool.close();
  });

  it('rejects a document over 16 MiB through the driver [BSONObjectTooLarge 10334]', async () => {
    const items = client.db('wire').collection('large');
    const error = await items
      .insertOne({ pad: 'x'.repeat(16 * 1024 * 1024 + 32 * 1024) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 10334, codeName: 'BSONObjectTooLarge' });
    await expect(items.countDocuments()).resolves.toBe(0);
  });

  it('closes a raw socket sending garbage while a driver client keeps working', async () => {
    const raw = await RawClient.connect(server.port);
    raw.send(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    await raw.closed;
    await expect(client.db('wire').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
  });

  it('replies to a command on a raw connection after a refused one', async () => {
    const raw = await RawClient.connect(server.port);
    raw.send(opQuery('wire.$cmd', { find: 'users' }, 1));
    expect((await raw.next())?.document).toMatchObject({ code: 352 });
    raw.send(opMsg({ ping: 1, $db: 'wire' }, { requestId: 2 }));
    expect(await raw.next()).toMatchObject({ responseTo: 2, document: { ok: 1 } });
    await raw.close();
  });
});

describe('startServer with a data directory', () => {
  let dbPath: string;

  beforeEach(async () => {
    dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-server-'));
  });

  afterEach(async () => {
    await rm(dbPath, { recursive: true, force: true });
  });

  it('keeps data across a stop and a restart, through compactions', async () => {
    const options = { port: 0, dbPath, logger: silent, compactJournalAfterBytes: 16 * 1024 };
    const first = await startServer(options);
    const client = await MongoClient.connect(first.uri, { maxPoolSize: 4 });
    const items = client
      .db('durable')
      .collection<{ _id: number; email: string; touched?: number }>('items');
    await items.createIndex({ email: 1 }, { unique: true });
    for (let round = 0; round < 5; round++) {
      await items.insertMany(
        Array.from({ length: 100 }, (_, i) => ({ _id: round * 100 + i, email: `${round}-${i}@x` })),
      );
      await items.updateMany({}, { $inc: { touched: 1 } });
      await items.deleteMany({ _id: { $mod: [7, round] } });
    }
    const expected = await items.find().sort({ _id: 1 }).toArray();
    await client.close();
    await first.stop();
    expect(await readdir(dbPath)).toContain('snapshot.bson');

    const second = await startServer(options);
    const reader = await MongoClient.connect(second.uri, { maxPoolSize: 1 });
    const restored = reader.db('durable').collection('items');
    await expect(restored.find().sort({ _id: 1 }).toArray()).resolves.toEqual(expected);
    const indexes = await restored.listIndexes().toArray();
    expect(indexes).toContainEqual(expect.objectContaining({ key: { email: 1 }, unique: true }));
    await reader.close();
    await second.stop();
  });

  it('refuses a second server on the same data directory', async () => {
    const first = await startServer({ port: 0, dbPath, logger: silent });
    await expect(startServer({ port: 0, dbPath, logger: silent })).rejects.toThrow(
      'is already in use',
    );
    const client = await MongoClient.connect(first.uri);
    await expect(client.db('x').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await client.close();
    await first.stop();
  });

  it('unlocks the directory when the port is taken, so a retry can start', async () => {
    const blocker = await startServer({ port: 0, logger: silent });
    await expect(startServer({ port: blocker.port, dbPath, logger: silent })).rejects.toThrow(
      'is already in use',
    );
    const retry = await startServer({ port: 0, dbPath, logger: silent });
    await retry.stop();
    await blocker.stop();
  });
});
