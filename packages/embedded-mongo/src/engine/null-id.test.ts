import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MongoBulkWriteError,
  MongoClient,
  MongoServerError,
  ObjectId,
  type Collection,
} from 'mongodb';
import { startDriverFixture, type DriverFixture } from './driver.fixture';

/**
 * `_id: null` is a value like any other (MongoDB's CRUD spec test
 * `create-null-ids`). The Node driver replaces a null `_id` with an ObjectId
 * before sending an insert unless `forceServerObjectId` is set, so these tests
 * set it to make the driver send the null.
 */
describe('_id: null', () => {
  let fixture: DriverFixture;
  let items: Collection;

  beforeAll(async () => {
    fixture = await startDriverFixture({}, { forceServerObjectId: true });
  });
  afterAll(() => fixture?.stop());
  beforeEach(() => {
    items = fixture.freshDb('null_ids').collection('type_tests');
  });

  const nullIds = () => items.countDocuments({ _id: { $type: 'null' } });

  it('is stored as null by insertOne', async () => {
    await items.insertOne({ _id: null, a: 1 } as never);
    expect(await nullIds()).toBe(1);
    expect(await items.findOne({ _id: null } as never)).toEqual({ _id: null, a: 1 });
  });

  it('is stored as null by insertMany, beside generated ids', async () => {
    await items.insertMany([{ _id: null } as never, { a: 2 }]);
    expect(await nullIds()).toBe(1);
    expect(await items.countDocuments({ _id: { $type: 'objectId' } })).toBe(1);
  });

  it('is stored as null by bulkWrite', async () => {
    await items.bulkWrite([{ insertOne: { document: { _id: null } as never } }]);
    expect(await nullIds()).toBe(1);
  });

  it('is stored as null by upserts that pin it (updateOne, updateMany, replaceOne)', async () => {
    await items.updateOne({ _id: null } as never, { $unset: { a: '' } }, { upsert: true });
    expect(await nullIds()).toBe(1);
    await items.deleteMany({});
    await items.updateMany({ _id: null } as never, { $set: { b: 1 } }, { upsert: true });
    expect(await items.findOne({})).toEqual({ _id: null, b: 1 });
    await items.deleteMany({});
    await items.replaceOne({ _id: null } as never, { c: 1 }, { upsert: true });
    expect(await items.findOne({})).toEqual({ _id: null, c: 1 });
  });

  it('is unique like any _id: a second null is refused [DuplicateKey 11000]', async () => {
    await items.insertOne({ _id: null } as never);
    const error = await items.insertOne({ _id: null } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyValue: { _id: null } });
    const bulk = await items
      .insertMany([{ _id: 1 }, { _id: null }] as never[], { ordered: false })
      .catch((e: unknown) => e);
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect((bulk as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(await items.countDocuments()).toBe(2);
  });

  it('is replaced by an ObjectId by the driver itself without forceServerObjectId (as with mongod)', async () => {
    const plain = new MongoClient(fixture.server.uri);
    try {
      const { insertedId } = await plain
        .db(items.dbName)
        .collection('type_tests')
        .insertOne({ _id: null } as never);
      expect(insertedId).toBeInstanceOf(ObjectId);
      expect(await nullIds()).toBe(0);
    } finally {
      await plain.close();
    }
  });

  it('survives a restart: the journal replays the null _id and its deletion', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-null-id-'));
    try {
      const run = async (work: (coll: Collection) => Promise<void>) => {
        const durable = await startDriverFixture({ dbPath }, { forceServerObjectId: true });
        try {
          await work(durable.client.db('app').collection('items'));
        } finally {
          await durable.stop();
        }
      };
      await run(async (coll) => {
        await coll.insertMany([{ _id: null, a: 1 }, { _id: 0 }] as never[]);
        await coll.deleteOne({ _id: 0 } as never);
      });
      await run(async (coll) => {
        expect(await coll.find().toArray()).toEqual([{ _id: null, a: 1 }]);
        await coll.deleteOne({ _id: null } as never);
      });
      await run(async (coll) => expect(await coll.countDocuments()).toBe(0));
    } finally {
      await rm(dbPath, { recursive: true, force: true });
    }
  });
});
