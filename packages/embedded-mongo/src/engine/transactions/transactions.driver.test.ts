import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Collection, MongoClient, MongoServerError, type TopologyType } from 'mongodb';
import mongoose from 'mongoose';
import { startServer, type RunningServer } from '../../index';

interface Account {
  _id: number;
  balance: number;
}

/** Transactions through the official driver and mongoose, unmodified, over a socket. */
describe('transactions through the driver', () => {
  let server: RunningServer;
  const clients: MongoClient[] = [];
  let dbCounter = 0;

  const connect = async (uri = server.uri, options = {}): Promise<MongoClient> => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5_000, ...options });
    clients.push(client);
    return client.connect();
  };

  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await server?.stop();
  });

  const freshDb = (client: MongoClient) => client.db(`txn_${++dbCounter}`);

  it.each([
    ['?replicaSet=rs0', 'ReplicaSetWithPrimary'],
    ['', 'ReplicaSetWithPrimary'],
    ['?directConnection=true', 'Single'],
  ] as const)(
    'connects with "%s" as %s and commits a transaction',
    async (query, expected: TopologyType) => {
      const client = new MongoClient(`${server.uri}${query}`, { serverSelectionTimeoutMS: 5_000 });
      clients.push(client);
      const types: TopologyType[] = [];
      client.on('topologyDescriptionChanged', (event) => types.push(event.newDescription.type));
      await client.connect();
      expect(types.at(-1)).toBe(expected);
      const items = freshDb(client).collection<{ _id: number }>('items');
      await client.withSession((session) =>
        session.withTransaction(async () => {
          await items.insertOne({ _id: 1 }, { session });
          await items.insertOne({ _id: 2 }, { session });
        }),
      );
      expect(await items.countDocuments()).toBe(2);
    },
  );

  it('keeps the total across 50 concurrent transfers between 10 accounts, retrying write conflicts', async () => {
    const writers = await Promise.all(
      Array.from({ length: 5 }, () =>
        connect(server.uri, { maxPoolSize: 10, monitorCommands: true }),
      ),
    );
    let conflicts = 0;
    for (const client of writers) {
      client.on('commandFailed', (event) => {
        if ((event.failure as MongoServerError).code === 112) conflicts++;
      });
    }
    const dbName = `txn_${++dbCounter}`;
    const accounts = writers[0].db(dbName).collection<Account>('accounts');
    await accounts.insertMany(Array.from({ length: 10 }, (_, i) => ({ _id: i, balance: 1000 })));

    await Promise.all(
      Array.from({ length: 50 }, async (_, n) => {
        const client = writers[n % writers.length];
        const mine = client.db(dbName).collection<Account>('accounts');
        // Neighbouring transfers share accounts, so they collide.
        const from = n % 10;
        const to = (n + 1) % 10;
        await client.withSession((session) =>
          session.withTransaction(async () => {
            await mine.updateOne({ _id: from }, { $inc: { balance: -7 } }, { session });
            await mine.updateOne({ _id: to }, { $inc: { balance: 7 } }, { session });
          }),
        );
      }),
    );

    const all = await accounts.find().toArray();
    expect(all.reduce((sum, account) => sum + account.balance, 0)).toBe(10_000);
    // Every account sent and received five transfers of 7.
    expect(all.map((account) => account.balance)).toEqual(Array(10).fill(1000));
    expect(conflicts).toBeGreaterThan(0);
  });

  it('retries a transaction that lost a write conflict, and then succeeds', async () => {
    const client = await connect();
    const accounts = freshDb(client).collection<Account>('accounts');
    await accounts.insertOne({ _id: 1, balance: 0 });
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstHolds!: () => void;
    const firstWrote = new Promise<void>((resolve) => (firstHolds = resolve));
    const errors: unknown[] = [];
    let attempts = 0;

    const first = client.withSession((session) =>
      session.withTransaction(async () => {
        await accounts.updateOne({ _id: 1 }, { $inc: { balance: 1 } }, { session });
        firstHolds();
        await firstMayCommit;
      }),
    );
    await firstWrote;
    const second = client.withSession((session) =>
      session.withTransaction(async () => {
        attempts++;
        try {
          await accounts.updateOne({ _id: 1 }, { $inc: { balance: 10 } }, { session });
        } catch (error) {
          errors.push(error);
          releaseFirst();
          throw error;
        }
      }),
    );
    await Promise.all([first, second]);

    expect(errors[0]).toBeInstanceOf(MongoServerError);
    expect(errors[0]).toMatchObject({ code: 112, codeName: 'WriteConflict' });
    expect((errors[0] as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(await accounts.findOne({ _id: 1 })).toEqual({ _id: 1, balance: 11 });
  });

  it('shows other clients nothing before the commit and everything after it', async () => {
    const writer = await connect();
    const reader = await connect();
    const dbName = `txn_${++dbCounter}`;
    const orders = writer.db(dbName).collection<{ _id: number }>('orders');
    const outbox = writer.db(dbName).collection<{ _id: number }>('outbox');
    await orders.insertOne({ _id: 0 });
    const seenInside: number[] = [];
    await writer.withSession((session) =>
      session.withTransaction(async () => {
        await orders.insertOne({ _id: 1 }, { session });
        await outbox.insertOne({ _id: 1 }, { session });
        seenInside.push(await orders.countDocuments({}, { session }));
        seenInside.push(await reader.db(dbName).collection('orders').countDocuments());
        seenInside.push(await reader.db(dbName).collection('outbox').countDocuments());
      }),
    );
    expect(seenInside).toEqual([2, 1, 0]);
    expect(await reader.db(dbName).collection('orders').countDocuments()).toBe(2);
    expect(await reader.db(dbName).collection('outbox').countDocuments()).toBe(1);
  });

  it('leaves nothing behind when the callback throws', async () => {
    const client = await connect();
    const items = freshDb(client).collection<{ _id: number }>('items');
    await items.insertOne({ _id: 0 });
    await expect(
      client.withSession((session) =>
        session.withTransaction(async () => {
          await items.insertOne({ _id: 1 }, { session });
          await items.deleteOne({ _id: 0 }, { session });
          throw new Error('changed my mind');
        }),
      ),
    ).rejects.toThrow('changed my mind');
    expect(await items.find().toArray()).toEqual([{ _id: 0 }]);
  });

  it('lets only one of two concurrent transactions insert the same unique key', async () => {
    const client = await connect();
    const users: Collection<{ _id: number; email: string }> = freshDb(client).collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    const first = client.startSession();
    const second = client.startSession();
    first.startTransaction();
    second.startTransaction();
    await users.insertOne({ _id: 1, email: 'same@x' }, { session: first });
    const lost = await users
      .insertOne({ _id: 2, email: 'same@x' }, { session: second })
      .catch((error: unknown) => error);
    expect(lost).toMatchObject({ code: 112 });
    await first.commitTransaction();
    await second.abortTransaction();
    await Promise.all([first.endSession(), second.endSession()]);
    expect(await users.find().toArray()).toEqual([{ _id: 1, email: 'same@x' }]);
    await expect(users.insertOne({ _id: 3, email: 'same@x' })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('runs mongoose connection.transaction() and rolls back the documents of a failed one', async () => {
    const connection = await mongoose
      .createConnection(`${server.uri}txn_mongoose`, { serverSelectionTimeoutMS: 5_000 })
      .asPromise();
    try {
      const Order = connection.model('Order', new mongoose.Schema({ item: String }));
      const Outbox = connection.model('Outbox', new mongoose.Schema({ type: String }));
      await Order.init();
      await Outbox.init();
      await connection.transaction(async (session) => {
        await Order.create([{ item: 'book' }], { session });
        await Outbox.create([{ type: 'order.placed' }], { session });
      });
      await expect(
        connection.transaction(async (session) => {
          await Order.create([{ item: 'pen' }], { session });
          throw new Error('payment refused');
        }),
      ).rejects.toThrow('payment refused');
      expect((await Order.find().lean()).map((order) => order.item)).toEqual(['book']);
      expect(await Outbox.countDocuments()).toBe(1);
    } finally {
      await connection.close();
    }
  });
});
