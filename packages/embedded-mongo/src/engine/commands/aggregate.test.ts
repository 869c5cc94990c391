import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ObjectId, type Document } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

const ann = new ObjectId();
const bob = new ObjectId();

describe('aggregate', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'users',
      documents: [
        { _id: ann, name: 'ann', team: 'red' },
        { _id: bob, name: 'bob', team: 'blue' },
      ],
    });
    await db.ok({
      insert: 'orders',
      documents: [
        { _id: 1, user: ann, total: 30, items: ['pen', 'ink'], status: 'paid' },
        { _id: 2, user: bob, total: 12, items: ['pad'], status: 'paid' },
        { _id: 3, user: ann, total: 8, items: [], status: 'open' },
        { _id: 4, user: ann, total: 50, items: ['desk'], status: 'paid', note: 'rush' },
      ],
    });
  });
  afterEach(() => db.close());

  const aggregate = async (pipeline: Document[], extra: Document = {}): Promise<Document[]> =>
    (await db.ok({ aggregate: 'orders', pipeline, cursor: {}, ...extra })).cursor.firstBatch;

  it('runs $match, $group, $sort, $project and $limit', async () => {
    const result = await aggregate([
      { $match: { status: 'paid' } },
      { $group: { _id: '$user', spent: { $sum: '$total' }, orders: { $sum: 1 } } },
      { $sort: { spent: -1 } },
      { $project: { _id: 0, user: '$_id', spent: 1, orders: 1 } },
      { $limit: 5 },
    ]);
    expect(result).toEqual([
      { spent: 80, orders: 2, user: ann },
      { spent: 12, orders: 1, user: bob },
    ]);
  });

  it('runs $addFields/$set, $unset, $unwind, $skip, $count and $replaceRoot', async () => {
    expect(
      await aggregate([
        { $unwind: '$items' },
        { $set: { label: { $concat: ['$items', '!'] } } },
        { $addFields: { big: { $gt: ['$total', 20] } } },
        { $unset: ['user', 'status', 'note'] },
        { $sort: { _id: 1, items: 1 } },
        { $skip: 1 },
      ]),
    ).toEqual([
      { _id: 1, total: 30, items: 'pen', label: 'pen!', big: true },
      { _id: 2, total: 12, items: 'pad', label: 'pad!', big: false },
      { _id: 4, total: 50, items: 'desk', label: 'desk!', big: true },
    ]);
    expect(await aggregate([{ $match: { total: { $gt: 10 } } }, { $count: 'n' }])).toEqual([
      { n: 3 },
    ]);
    expect(
      await aggregate([
        { $match: { _id: 1 } },
        { $replaceRoot: { newRoot: { t: '$total', s: '$status' } } },
      ]),
    ).toEqual([{ t: 30, s: 'paid' }]);
  });

  it('joins another collection of the database with $lookup', async () => {
    const result = await aggregate([
      { $match: { _id: { $in: [1, 2] } } },
      { $lookup: { from: 'users', localField: 'user', foreignField: '_id', as: 'buyer' } },
      { $project: { buyer: '$buyer.name' } },
    ]);
    expect(result).toEqual([
      { _id: 1, buyer: ['ann'] },
      { _id: 2, buyer: ['bob'] },
    ]);
    const withPipeline = await db.ok({
      aggregate: 'users',
      pipeline: [
        { $match: { name: 'ann' } },
        {
          $lookup: {
            from: 'orders',
            let: { uid: '$_id' },
            pipeline: [
              { $match: { $expr: { $eq: ['$user', '$$uid'] } } },
              { $project: { _id: 1 } },
            ],
            as: 'orders',
          },
        },
      ],
      cursor: {},
    });
    expect(withPipeline.cursor.firstBatch[0].orders).toEqual([{ _id: 1 }, { _id: 3 }, { _id: 4 }]);
  });

  it('computes several pipelines at once with $facet', async () => {
    const [result] = await aggregate([
      {
        $facet: {
          byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }, { $sort: { _id: 1 } }],
          top: [{ $sort: { total: -1 } }, { $limit: 1 }, { $project: { total: 1 } }],
        },
      },
    ]);
    expect(result).toEqual({
      byStatus: [
        { _id: 'open', n: 1 },
        { _id: 'paid', n: 3 },
      ],
      top: [{ _id: 4, total: 50 }],
    });
  });

  it('sorts mixed types in BSON order in $sort', async () => {
    await db.ok({
      insert: 'mixed',
      documents: [
        { _id: 1, v: 'text' },
        { _id: 2, v: 3n },
        { _id: 3, v: null },
        { _id: 4, v: 2.5 },
        { _id: 5, v: true },
      ],
    });
    const reply = await db.ok({ aggregate: 'mixed', pipeline: [{ $sort: { v: 1 } }], cursor: {} });
    expect(reply.cursor.firstBatch.map((d: Document) => d._id)).toEqual([3, 4, 2, 1, 5]);
  });

  it('compares Long values in $match stages, also nested in $facet', async () => {
    const [result] = await aggregate([
      { $facet: { big: [{ $match: { total: { $gte: 30n } } }, { $project: { _id: 1 } }] } },
    ]);
    expect(result.big).toEqual([{ _id: 1 }, { _id: 4 }]);
  });

  it('resolves let variables', async () => {
    const result = await aggregate(
      [{ $match: { $expr: { $gte: ['$total', '$$min'] } } }, { $project: { _id: 1 } }],
      {
        let: { min: 30 },
      },
    );
    expect(result).toEqual([{ _id: 1 }, { _id: 4 }]);
  });

  it('returns results in cursor batches', async () => {
    const first = await db.ok({
      aggregate: 'orders',
      pipeline: [{ $sort: { _id: 1 } }],
      cursor: { batchSize: 3 },
    });
    expect(first.cursor.firstBatch).toHaveLength(3);
    const rest = await db.ok({ getMore: first.cursor.id, collection: 'orders' });
    expect(rest.cursor).toEqual({
      id: 0n,
      ns: 'test.orders',
      nextBatch: [expect.objectContaining({ _id: 4 })],
    });
  });

  it('runs a collection-less pipeline with aggregate: 1', async () => {
    const reply = await db.ok({
      aggregate: 1,
      pipeline: [{ $documents: [{ x: 1 }, { x: 2 }] }],
      cursor: {},
    });
    expect(reply.cursor.firstBatch).toEqual([{ x: 1 }, { x: 2 }]);
  });

  it('leaves the stored documents untouched by the pipeline', async () => {
    await aggregate([{ $set: { 'extra.flag': true, total: 0 } }]);
    expect((await db.all('orders'))[0]).toEqual({
      _id: 1,
      user: ann,
      total: 30,
      items: ['pen', 'ink'],
      status: 'paid',
    });
  });

  it('rejects an unknown stage [Location40324]', async () => {
    expect(
      await db.run({ aggregate: 'orders', pipeline: [{ $bogus: {} }], cursor: {} }),
    ).toMatchObject({
      ok: 0,
      code: 40324,
      errmsg: "Unrecognized pipeline stage name: '$bogus'",
    });
  });

  it('requires the cursor option [FailedToParse 9]', async () => {
    expect((await db.run({ aggregate: 'orders', pipeline: [] })).code).toBe(9);
  });
});
