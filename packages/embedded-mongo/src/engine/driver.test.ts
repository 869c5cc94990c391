import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  ObjectId,
  type Db,
} from 'mongodb';
import { startServer, type RunningServer } from '../index';

/** The official driver, unmodified, against the engine over a real socket. */
describe('official mongodb driver', () => {
  let server: RunningServer;
  let client: MongoClient;
  let db: Db;
  let dbCounter = 0;

  beforeAll(async () => {
    server = await startServer({ port: 0, ttlSweepIntervalMs: 50 });
    client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000, maxPoolSize: 20 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  beforeEach(() => {
    db = client.db(`driver_${++dbCounter}`);
  });

  it('round-trips inserts, finds, updates, replacements and deletes', async () => {
    const people = db.collection('people');
    const { insertedId } = await people.insertOne({ name: 'ann', age: 30 });
    expect(insertedId).toBeInstanceOf(ObjectId);
    await people.insertMany([
      { name: 'bob', age: 25 },
      { name: 'cid', age: 41 },
    ]);
    expect(await people.findOne({ _id: insertedId }, { projection: { _id: 0, name: 1 } })).toEqual({
      name: 'ann',
    });
    expect(
      (
        await people
          .find({ age: { $gte: 25 } })
          .sort({ age: -1 })
          .skip(1)
          .limit(1)
          .toArray()
      ).map((p) => p.name),
    ).toEqual(['ann']);
    expect(await people.updateOne({ name: 'bob' }, { $inc: { age: 1 } })).toMatchObject({
      matchedCount: 1,
      modifiedCount: 1,
    });
    expect(await people.updateMany({}, { $set: { active: true } })).toMatchObject({
      matchedCount: 3,
      modifiedCount: 3,
    });
    expect(await people.replaceOne({ name: 'cid' }, { name: 'cid', age: 42 })).toMatchObject({
      modifiedCount: 1,
    });
    expect(await people.findOne({ name: 'cid' }, { projection: { _id: 0 } })).toEqual({
      name: 'cid',
      age: 42,
    });
    expect(await people.deleteOne({ name: 'ann' })).toMatchObject({ deletedCount: 1 });
    expect(await people.deleteMany({})).toMatchObject({ deletedCount: 2 });
    expect(await people.countDocuments()).toBe(0);
  });

  it('counts, estimates and lists distinct values', async () => {
    const c = db.collection('c');
    await c.insertMany([{ k: 'a' }, { k: 'b' }, { k: 'a' }, { k: ['c', 'b'] }]);
    expect(await c.countDocuments({ k: 'a' })).toBe(2);
    expect(await c.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
    expect(await c.distinct('k')).toEqual(['a', 'b', 'c']);
  });

  it('upserts, and applies array filters, positional and pipeline updates', async () => {
    const c = db.collection<{
      _id: number;
      grades?: number[];
      items?: { q: number }[];
      total?: number;
    }>('u');
    const upsert = await c.updateOne({ _id: 1 }, { $set: { grades: [50, 90] } }, { upsert: true });
    expect(upsert).toMatchObject({ upsertedCount: 1, upsertedId: 1 });
    await c.updateOne(
      { _id: 1 },
      { $set: { 'grades.$[low]': 60 } },
      { arrayFilters: [{ low: { $lt: 60 } }] },
    );
    await c.updateOne({ _id: 1, grades: 90 }, { $inc: { 'grades.$': 1 } });
    await c.updateOne({ _id: 1 }, [{ $set: { total: { $sum: '$grades' } } }]);
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, grades: [60, 91], total: 151 });
    const after = await c.findOneAndUpdate(
      { _id: 2 },
      { $setOnInsert: { items: [{ q: 1 }] } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(after).toEqual({ _id: 2, items: [{ q: 1 }] });
  });

  it('reports a duplicate key the way real MongoDB does, for single and bulk writes', async () => {
    const users = db.collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ email: 'a@b.c' });
    const single = await users.insertOne({ email: 'a@b.c' }).catch((error: unknown) => error);
    expect(single).toBeInstanceOf(MongoServerError);
    expect(single).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@b.c' },
      message:
        'E11000 duplicate key error collection: driver_4.users index: email_1 dup key: { email: "a@b.c" }',
    });
    const bulk = await users
      .insertMany([{ email: 'x' }, { email: 'a@b.c' }, { email: 'y' }], { ordered: false })
      .catch((error: unknown) => error);
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect((bulk as MongoBulkWriteError).insertedCount).toBe(2);
    expect((bulk as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    const modify = await users
      .findOneAndUpdate({ email: 'x' }, { $set: { email: 'y' } })
      .catch((error: unknown) => error);
    expect(modify).toMatchObject({
      code: 11000,
      codeName: 'DuplicateKey',
      keyValue: { email: 'y' },
    });
  });

  it('iterates a cursor over several getMore batches and kills it when closed early', async () => {
    const c = db.collection<{ _id: number }>('many');
    await c.insertMany(Array.from({ length: 95 }, (_, i) => ({ _id: i })));
    const all = await c.find({}, { batchSize: 10 }).sort({ _id: -1 }).toArray();
    expect(all.map((d) => d._id)).toEqual(Array.from({ length: 95 }, (_, i) => 94 - i));
    const cursor = c.find({}, { batchSize: 5 });
    expect(await cursor.next()).toEqual({ _id: 0 });
    const id = cursor.id;
    expect(id?.isZero()).toBe(false);
    await cursor.close();
    const reply = await db
      .command({ getMore: id, collection: 'many' })
      .catch((error: unknown) => error);
    expect(reply).toMatchObject({ code: 43, codeName: 'CursorNotFound' });
  });

  it('aggregates with $lookup and $facet', async () => {
    const authors = db.collection('authors');
    const books = db.collection('books');
    const { insertedId: tolkien } = await authors.insertOne({ name: 'Tolkien' });
    await books.insertMany([
      { title: 'Hobbit', author: tolkien, pages: 310 },
      { title: 'Silmarillion', author: tolkien, pages: 365 },
    ]);
    const [joined] = await authors
      .aggregate([
        { $lookup: { from: 'books', localField: '_id', foreignField: 'author', as: 'books' } },
        { $project: { _id: 0, name: 1, titles: '$books.title' } },
      ])
      .toArray();
    expect(joined).toEqual({ name: 'Tolkien', titles: ['Hobbit', 'Silmarillion'] });
    const [facets] = await books
      .aggregate([
        {
          $facet: {
            count: [{ $count: 'n' }],
            pages: [{ $group: { _id: null, sum: { $sum: '$pages' } } }],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({ count: [{ n: 2 }], pages: [{ _id: null, sum: 675 }] });
  });

  it('manages collections, indexes and databases', async () => {
    await db.createCollection('made');
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(
      ['made'],
    );
    const made = db.collection('made');
    expect(await made.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    expect((await made.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'ab']);
    await made.dropIndex('ab');
    expect(await made.indexExists('ab')).toBe(false);
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    expect(databases.map((d) => d.name)).toContain(db.databaseName);
    expect(await made.drop()).toBe(true);
    expect(await db.dropDatabase()).toBe(true);
  });

  it('round-trips BSON types exactly when read with promoteValues: false', async () => {
    const c = db.collection('types');
    const doc = {
      _id: new ObjectId(),
      int: new Int32(7),
      double: new Double(2.5),
      long: Long.fromString('9007199254740993'),
      decimal: Decimal128.fromString('12345678901234567890.123'),
      date: new Date('2024-01-02T03:04:05.678Z'),
      binary: new Binary(Buffer.from([1, 2, 3]), 0),
      nothing: null,
    };
    await c.insertOne(doc);
    const read = await c.findOne({ _id: doc._id }, { promoteValues: false });
    expect(read).toEqual(doc);
    expect(read).not.toHaveProperty('missing');
    // Numbers compare across BSON types, as in MongoDB.
    expect(await c.countDocuments({ long: { $gt: 9007199254740992 } })).toBe(1);
    expect(await c.countDocuments({ int: Long.fromNumber(7) })).toBe(1);
  });

  it('lets exactly 50 of 100 parallel guarded findOneAndUpdate increments succeed', async () => {
    const counters = db.collection<{ _id: string; count: number }>('counters');
    await counters.insertOne({ _id: 'seats', count: 0 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        counters.findOneAndUpdate(
          { _id: 'seats', count: { $lt: 50 } },
          { $inc: { count: 1 } },
          { returnDocument: 'after' },
        ),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(50);
    expect(await counters.findOne({ _id: 'seats' })).toEqual({ _id: 'seats', count: 50 });
  });

  it('removes documents past their TTL on the sweep, and keeps the others', async () => {
    const sessions = db.collection('sessions');
    await sessions.createIndex({ lastSeen: 1 }, { expireAfterSeconds: 1 });
    await sessions.insertMany([
      { name: 'stale', lastSeen: new Date(Date.now() - 60_000) },
      { name: 'fresh', lastSeen: new Date(Date.now() + 60_000) },
    ]);
    for (let tries = 0; tries < 100 && (await sessions.countDocuments()) > 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await sessions.find({}, { projection: { _id: 0, name: 1 } }).toArray()).toEqual([
      { name: 'fresh' },
    ]);
  });
});
