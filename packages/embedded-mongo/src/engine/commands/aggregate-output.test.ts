import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MongoServerError, ObjectId, type Db, type Document } from 'mongodb';
import { createEngine } from '../engine';
import { engineFixture } from '../engine.fixture';
import { startDriverFixture, type DriverFixture } from '../driver.fixture';

/** What a failing driver call rejects with. */
const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the command to fail');
    },
    (error: unknown) => error,
  );

describe('aggregate $out and $merge', () => {
  let fixture: DriverFixture;
  let db: Db;

  beforeAll(async () => {
    fixture = await startDriverFixture();
  });
  afterAll(() => fixture?.stop());
  beforeEach(async () => {
    db = fixture.freshDb('output');
    await db
      .collection('orders')
      .insertMany([
        { _id: 1, user: 'ann', total: 30 } as Document,
        { _id: 2, user: 'bob', total: 12 },
        { _id: 3, user: 'ann', total: 8 },
      ]);
  });

  const contents = (name: string) => db.collection(name).find().sort({ _id: 1 }).toArray();

  describe('$out', () => {
    it('writes the results to a new collection and answers an empty cursor', async () => {
      const cursor = db
        .collection('orders')
        .aggregate([{ $group: { _id: '$user', total: { $sum: '$total' } } }, { $out: 'totals' }]);
      expect(await cursor.toArray()).toEqual([]);
      expect(await contents('totals')).toEqual([
        { _id: 'ann', total: 38 },
        { _id: 'bob', total: 12 },
      ]);
    });

    it('replaces an existing target whole, keeping its options and indexes', async () => {
      const target = await db.createCollection('totals', { validator: { total: { $gte: 0 } } });
      await target.insertMany([
        { _id: 'old', total: 1 },
        { _id: 'ann', total: 0 },
      ] as Document[]);
      await target.createIndex({ total: -1 }, { name: 'by_total' });
      await db
        .collection('orders')
        .aggregate([{ $group: { _id: '$user', total: { $sum: '$total' } } }, { $out: 'totals' }])
        .toArray();
      expect(await contents('totals')).toEqual([
        { _id: 'ann', total: 38 },
        { _id: 'bob', total: 12 },
      ]);
      expect((await target.indexes()).map((index) => index.name)).toEqual(['_id_', 'by_total']);
      const [info] = await db.listCollections({ name: 'totals' }).toArray();
      expect(info).toMatchObject({ options: { validator: { total: { $gte: 0 } } } });
    });

    it('leaves the target untouched when a result breaks a unique index [DuplicateKey 11000]', async () => {
      const target = db.collection('by_user');
      await target.insertOne({ _id: 'keep', user: 'zed' } as Document);
      await target.createIndex({ user: 1 }, { unique: true });
      const error = await failure(
        db
          .collection('orders')
          .aggregate([{ $project: { user: 1 } }, { $out: 'by_user' }])
          .toArray(),
      );
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error).toMatchObject({ code: 11000, keyValue: { user: 'ann' } });
      expect(await contents('by_user')).toEqual([{ _id: 'keep', user: 'zed' }]);
    });

    it('writes to another database with { db, coll } and may replace its own source', async () => {
      const other = fixture.freshDb('output_other');
      await db
        .collection('orders')
        .aggregate([{ $match: { user: 'bob' } }, { $out: { db: other.databaseName, coll: 'bob' } }])
        .toArray();
      expect(await other.collection('bob').find().toArray()).toEqual([
        { _id: 2, user: 'bob', total: 12 },
      ]);
      await db
        .collection('orders')
        .aggregate([{ $match: { total: { $gt: 10 } } }, { $out: 'orders' }])
        .toArray();
      expect((await contents('orders')).map((order) => order._id)).toEqual([1, 2]);
    });

    it('must be the last stage [Location40601]', async () => {
      const error = await failure(
        db
          .collection('orders')
          .aggregate([{ $out: 'x' }, { $match: {} }])
          .toArray(),
      );
      expect(error).toMatchObject({
        code: 40601,
        message: '$out can only be the final stage in the pipeline',
      });
    });
  });

  describe('$merge', () => {
    beforeEach(async () => {
      await db.collection('totals').insertMany([
        { _id: 'ann', total: 1, since: 2020 },
        { _id: 'cid', total: 5, since: 2021 },
      ] as Document[]);
    });
    const mergeTotals = (options: Document) =>
      db
        .collection('orders')
        .aggregate([
          { $group: { _id: '$user', total: { $sum: '$total' } } },
          { $merge: { into: 'totals', ...options } },
        ])
        .toArray();

    it('merges matched documents and inserts the others by default, answering an empty cursor', async () => {
      expect(await mergeTotals({})).toEqual([]);
      expect(await contents('totals')).toEqual([
        { _id: 'ann', total: 38, since: 2020 },
        { _id: 'bob', total: 12 },
        { _id: 'cid', total: 5, since: 2021 },
      ]);
    });

    it.each([
      ['replace', { _id: 'ann', total: 38 }],
      ['keepExisting', { _id: 'ann', total: 1, since: 2020 }],
    ])('applies whenMatched: %s', async (whenMatched, ann) => {
      await mergeTotals({ whenMatched });
      expect((await contents('totals'))[0]).toEqual(ann);
    });

    it('updates matched documents with a whenMatched pipeline reading $$new and let variables', async () => {
      await mergeTotals({
        let: { added: '$total' },
        whenMatched: [{ $set: { total: { $add: ['$total', '$$added'] }, merged: true } }],
        whenNotMatched: 'discard',
      });
      expect(await contents('totals')).toEqual([
        { _id: 'ann', total: 39, since: 2020, merged: true },
        { _id: 'cid', total: 5, since: 2021 },
      ]);
      await mergeTotals({ whenMatched: [{ $set: { last: '$$new.total' } }] });
      expect((await contents('totals'))[0]).toMatchObject({ _id: 'ann', last: 38 });
    });

    it('fails on a match with whenMatched: fail, keeping the writes before it [DuplicateKey 11000]', async () => {
      const error = await failure(
        db
          .collection('orders')
          .aggregate([
            { $group: { _id: '$user', total: { $sum: '$total' } } },
            { $sort: { _id: -1 } },
            { $merge: { into: 'totals', whenMatched: 'fail' } },
          ])
          .toArray(),
      );
      expect(error).toMatchObject({ code: 11000, keyValue: { _id: 'ann' } });
      expect(await contents('totals')).toEqual([
        { _id: 'ann', total: 1, since: 2020 },
        { _id: 'bob', total: 12 },
        { _id: 'cid', total: 5, since: 2021 },
      ]);
    });

    it('fails on a document without a match with whenNotMatched: fail [MergeStageNoMatchingDocument 13113]', async () => {
      const error = await failure(mergeTotals({ whenNotMatched: 'fail' }));
      expect(error).toMatchObject({ code: 13113, codeName: 'MergeStageNoMatchingDocument' });
    });

    it('matches on other fields through a unique index on exactly them', async () => {
      const target = db.collection('people');
      await target.insertOne({ _id: new ObjectId(), name: 'ann', level: 1 } as Document);
      await target.createIndex({ name: 1 }, { unique: true });
      await db
        .collection('orders')
        .aggregate([
          { $group: { _id: '$user', spent: { $sum: '$total' } } },
          { $project: { _id: 0, name: '$_id', spent: 1 } },
          { $merge: { into: 'people', on: 'name' } },
        ])
        .toArray();
      const people = await target
        .find({}, { projection: { _id: 0 } })
        .sort({ name: 1 })
        .toArray();
      expect(people).toEqual([
        { name: 'ann', level: 1, spent: 38 },
        { spent: 12, name: 'bob' },
      ]);
    });

    it('refuses an "on" without a unique index on those fields [Location51183]', async () => {
      const error = await failure(mergeTotals({ on: 'total' }));
      expect(error).toMatchObject({
        code: 51183,
        message: 'Cannot find index to verify that join fields will be unique',
      });
    });

    it('reports whenMatched: fail from a database aggregate with keyPattern and keyValue (CRUD spec aggregate-merge-errorResponse)', async () => {
      const error = await failure(
        db
          .aggregate([
            { $documents: [{ _id: 'ann', total: 2 }] },
            { $merge: { into: 'totals', whenMatched: 'fail' } },
          ])
          .toArray(),
      );
      expect(error).toMatchObject({
        code: 11000,
        keyPattern: { _id: 1 },
        keyValue: { _id: 'ann' },
      });
    });

    it('writes into { db, coll } of another database, creating the collection', async () => {
      const other = fixture.freshDb('merge_other');
      await mergeTotals({ into: { db: other.databaseName, coll: 'totals' } });
      expect(await other.collection('totals').countDocuments()).toBe(2);
    });
  });

  it('journals the writes with the command, so a replay rebuilds them', async () => {
    const engine = engineFixture();
    await engine.ok({
      insert: 'src',
      documents: [
        { _id: 1, v: 'a' },
        { _id: 2, v: 'b' },
      ],
    });
    await engine.ok({ aggregate: 'src', pipeline: [{ $out: 'copy' }], cursor: {} });
    await engine.ok({
      aggregate: 'src',
      pipeline: [{ $set: { v: 'merged' } }, { $merge: { into: 'copy', whenMatched: 'replace' } }],
      cursor: {},
    });
    const replayed = createEngine();
    replayed.apply(engine.persisted.flat());
    const reply = await replayed.runCommand(
      'test',
      { find: 'copy', filter: {} },
      { connectionId: 1 },
    );
    expect(reply.cursor.firstBatch).toEqual([
      { _id: 1, v: 'merged' },
      { _id: 2, v: 'merged' },
    ]);
    replayed.close();
    engine.close();
  });

  it.each(['$out', '$merge'])(
    '%s is refused inside a transaction [OperationNotSupportedInTransaction 263]',
    async (stage) => {
      const session = fixture.client.startSession();
      try {
        session.startTransaction();
        const orders = db.collection('orders');
        await orders.insertOne({ _id: 4, user: 'cid', total: 1 } as Document, { session });
        const error = await failure(orders.aggregate([{ [stage]: 'copy' }], { session }).toArray());
        expect(error).toMatchObject({ code: 263 });
        await session.abortTransaction();
      } finally {
        await session.endSession();
      }
      expect(await db.listCollections({ name: 'copy' }).toArray()).toEqual([]);
    },
  );
});
