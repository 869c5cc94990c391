import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  MongoClient,
  ObjectId,
  type Collection,
  type Db,
  type Document,
  type FindCursor,
} from 'mongodb';
import { startServer, type RunningServer } from '../../index';

/** The first stage of a plan tree with this name (`LIMIT` → `FETCH` → `IXSCAN`…). */
function findStage(stage: Document | undefined, name: string): Document | undefined {
  for (let current = stage; current; current = current.inputStage as Document | undefined) {
    if (current.stage === name) return current;
  }
  return undefined;
}

/** Test documents with any `_id`. */
type Loose = { _id?: number | string | ObjectId } & Document;

interface Explained {
  readonly index?: string;
  readonly direction?: string;
  readonly sortInMemory: boolean;
  readonly keys: number;
  readonly docs: number;
  readonly returned: number;
  readonly bounds?: Document;
}

async function explain<T>(cursor: FindCursor<T>): Promise<Explained> {
  const plan = await cursor.explain('executionStats');
  const winning = plan.queryPlanner.winningPlan as Document;
  const ixscan = findStage(winning, 'IXSCAN');
  return {
    index: ixscan?.indexName as string | undefined,
    direction: (ixscan ?? findStage(winning, 'COLLSCAN'))?.direction as string,
    sortInMemory: findStage(winning, 'SORT') !== undefined,
    keys: plan.executionStats.totalKeysExamined as number,
    docs: plan.executionStats.totalDocsExamined as number,
    returned: plan.executionStats.nReturned as number,
    bounds: ixscan?.indexBounds as Document | undefined,
  };
}

/** Ordered indexes through the official driver: what they answer, and what they read to do it. */
describe('query plans with ordered indexes', () => {
  let server: RunningServer;
  let client: MongoClient;
  let db: Db;
  let dbCounter = 0;

  beforeAll(async () => {
    server = await startServer({ port: 0 });
    client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  beforeEach(() => {
    db = client.db(`plans_${++dbCounter}`);
  });

  describe('on 100k documents', () => {
    const SIZE = 100_000;
    /** Every points value once, shuffled against `_id`. */
    const pointsOf = (n: number) => (n * 7919) % SIZE;
    let players: Collection<{ _id: number; points: number; org: number; at: Date }>;

    beforeAll(async () => {
      players = client.db('plans_large').collection('players');
      for (let start = 0; start < SIZE; start += 10_000) {
        await players.insertMany(
          Array.from({ length: 10_000 }, (_, i) => {
            const n = start + i;
            return { _id: n, points: pointsOf(n), org: n % 10, at: new Date(n * 1000) };
          }),
        );
      }
      await players.createIndex({ points: 1 });
      await players.createIndex({ org: 1, at: -1 });
      // Loading 100k documents takes seconds, many more on a busy machine.
    }, 180_000);

    it('answers a sort by an indexed field with a limit by reading only the documents it returns', async () => {
      const top = players.find({}).sort({ points: -1 }).limit(20);
      expect((await top.toArray()).map((p) => p.points)).toEqual(
        Array.from({ length: 20 }, (_, i) => SIZE - 1 - i),
      );
      expect(await explain(top)).toMatchObject({
        index: 'points_1',
        direction: 'backward',
        sortInMemory: false,
        keys: 20,
        docs: 20,
        returned: 20,
      });
      const ascending = players.find({}).sort({ points: 1 }).skip(100).limit(5);
      expect((await ascending.toArray()).map((p) => p.points)).toEqual([100, 101, 102, 103, 104]);
      expect(await explain(ascending)).toMatchObject({
        direction: 'forward',
        keys: 105,
        docs: 105,
      });
    });

    it('answers a range with its sort from the index, in both directions', async () => {
      const range = players.find({ points: { $gte: 500, $lt: 600 } }).sort({ points: 1 });
      const points = (await range.toArray()).map((p) => p.points);
      expect(points).toEqual(Array.from({ length: 100 }, (_, i) => 500 + i));
      expect(await explain(range)).toMatchObject({
        index: 'points_1',
        sortInMemory: false,
        keys: 100,
        docs: 100,
        bounds: { points: ['[500, 600)'] },
      });
      const down = players.find({ points: { $gt: 500, $lte: 600 } }).sort({ points: -1 });
      expect((await down.toArray()).map((p) => p.points)).toEqual(
        Array.from({ length: 100 }, (_, i) => 600 - i),
      );
      expect(await explain(down)).toMatchObject({ direction: 'backward', keys: 100 });
    });

    it('answers equality on a prefix, a range on the next field and its sort from a compound index', async () => {
      const since = new Date(90_000 * 1000);
      const query = players
        .find({ org: 3, at: { $gte: since } })
        .sort({ at: -1 })
        .limit(10);
      const found = await query.toArray();
      expect(found.map((p) => p._id)).toEqual(
        Array.from({ length: 10 }, (_, i) => 99_993 - 10 * i),
      );
      expect(await explain(query)).toMatchObject({
        index: 'org_1_at_-1',
        direction: 'forward',
        sortInMemory: false,
        docs: 10,
      });
      // The exact reverse of the key pattern walks it backwards.
      const oldest = players.find({ org: 3 }).sort({ org: -1, at: 1 }).limit(3);
      expect((await oldest.toArray()).map((p) => p._id)).toEqual([3, 13, 23]);
      expect(await explain(oldest)).toMatchObject({ direction: 'backward', docs: 3 });
    });

    it('walks each value of an $in on the prefix, and keeps its sort when the sort starts with it', async () => {
      const query = players.find({ org: { $in: [2, 5] }, at: { $lt: new Date(40_000) } });
      const ids = (await query.toArray()).map((p) => p._id).sort((a, b) => a - b);
      expect(ids).toEqual([2, 5, 12, 15, 22, 25, 32, 35]);
      expect(await explain(query)).toMatchObject({ index: 'org_1_at_-1', docs: 8 });
      const sorted = players
        .find({ org: { $in: [5, 2] } })
        .sort({ org: 1, at: -1 })
        .limit(2);
      expect((await sorted.toArray()).map((p) => p._id)).toEqual([99_992, 99_982]);
      expect(await explain(sorted)).toMatchObject({ sortInMemory: false, docs: 2 });
    });

    it('pages by _id through the _id index without scanning', async () => {
      const page = players
        .find({ _id: { $gt: 50_000 } })
        .sort({ _id: 1 })
        .limit(3);
      expect((await page.toArray()).map((p) => p._id)).toEqual([50_001, 50_002, 50_003]);
      expect(await explain(page)).toMatchObject({ index: '_id_', keys: 3, docs: 3 });
    });

    it('keeps walking the index over getMore batches', async () => {
      const cursor = players
        .find({ points: { $lt: 1_000 } })
        .sort({ points: 1 })
        .batchSize(100);
      let expected = 0;
      for await (const player of cursor) expect(player.points).toBe(expected++);
      expect(expected).toBe(1_000);
    });

    it('uses the index for countDocuments, distinct, findOneAndUpdate and a leading $match/$sort/$limit', async () => {
      expect(await players.countDocuments({ points: { $gte: 99_990 } })).toBe(10);
      const orgs = new Set<number>();
      for (let n = 0; n < SIZE; n++) if (pointsOf(n) < 3) orgs.add(n % 10);
      expect(await players.distinct('org', { points: { $lt: 3 } })).toEqual(
        [...orgs].sort((a, b) => a - b),
      );
      const count = await players
        .aggregate([{ $match: { points: { $gte: 99_990 } } }, { $count: 'n' }])
        .explain('executionStats');
      expect(findStage(count.stages[0].$cursor.queryPlanner.winningPlan, 'IXSCAN')).toMatchObject({
        indexName: 'points_1',
      });
      expect(count.stages[0].$cursor.executionStats.totalDocsExamined).toBe(10);
      const pipeline = [
        { $match: { org: { $exists: true } } },
        { $sort: { points: -1 } },
        { $limit: 2 },
      ];
      const top = await players.aggregate(pipeline).explain('executionStats');
      expect(findStage(top.queryPlanner.winningPlan, 'IXSCAN')).toMatchObject({
        indexName: 'points_1',
        direction: 'backward',
      });
      expect(top.executionStats.totalDocsExamined).toBe(2);
      const best = await players.aggregate(pipeline).toArray();
      expect(best.map((p) => p.points)).toEqual([SIZE - 1, SIZE - 2]);
      const claimed = await db
        .collection<Loose>('queue')
        .insertMany([
          { priority: 2, state: 'new' },
          { priority: 9, state: 'new' },
        ])
        .then(() => db.collection<Loose>('queue').createIndex({ priority: -1 }))
        .then(() =>
          db
            .collection<Loose>('queue')
            .findOneAndUpdate(
              { state: 'new' },
              { $set: { state: 'taken' } },
              { sort: { priority: -1 }, returnDocument: 'after' },
            ),
        );
      expect(claimed).toMatchObject({ priority: 9, state: 'taken' });
    });
  });

  it('matches only values of the bound type in a range (type bracketing)', async () => {
    const c = db.collection<Loose>('mixed');
    await c.createIndex({ v: 1 });
    await c.insertMany([
      { _id: 1, v: 3 },
      { _id: 2, v: 7 },
      { _id: 3, v: '8' },
      { _id: 4, v: new Date(9) },
      { _id: 5, v: null },
      { _id: 6 },
      { _id: 7, v: 10n },
      { _id: 8, v: true },
    ]);
    const ids = async (filter: Document) =>
      (await c.find(filter).sort({ v: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ v: { $gt: 5 } })).toEqual([2, 7]);
    expect(await ids({ v: { $lt: 'z' } })).toEqual([3]);
    expect(await ids({ v: { $gte: new Date(0) } })).toEqual([4]);
    expect(await ids({ v: { $lte: 7 } })).toEqual([1, 2]);
    expect(await ids({ v: { $in: [3, '8', 10] } })).toEqual([1, 7, 3]);
    expect(await ids({ v: { $eq: true } })).toEqual([8]);
    // Missing and null sort first, as one value.
    expect((await ids({})).slice(0, 2).sort()).toEqual([5, 6]);
    expect(await explain(c.find({ v: { $gt: 5 } }))).toMatchObject({
      index: 'v_1',
      keys: 2,
      bounds: { v: ['(5, inf.0]'] },
    });
  });

  it('returns each document once from a multikey index and sorts it in memory', async () => {
    const c = db.collection<Loose>('posts');
    await c.createIndex({ tags: 1 });
    await c.insertMany([
      { _id: 1, tags: ['b', 'a', 'c'] },
      { _id: 2, tags: ['c'] },
      { _id: 3, tags: [] },
      { _id: 4, tags: 'a' },
      { _id: 5, tags: [5, 1] },
    ]);
    const ids = async (filter: Document, sort: Document = { _id: 1 }) =>
      (await c.find(filter).sort(sort).toArray()).map((d) => d._id);
    expect(await ids({ tags: { $gte: 'a' } })).toEqual([1, 2, 4]);
    expect(await ids({ tags: { $in: ['a', 'c'] } })).toEqual([1, 2, 4]);
    // Both bounds can be met by different elements: [5, 1] matches {$gt: 2, $lt: 4}.
    expect(await ids({ tags: { $gt: 2, $lt: 4 } })).toEqual([5]);
    expect(await ids({}, { tags: 1 })).toEqual([3, 5, 1, 4, 2]);
    expect(await ids({}, { tags: -1 })).toEqual([1, 2, 4, 5, 3]);
    const sorted = await explain(c.find({ tags: { $gte: 'a' } }).sort({ tags: 1 }));
    expect(sorted).toMatchObject({ index: 'tags_1', sortInMemory: true, docs: 3 });
  });

  it('uses a sparse index only when the query cannot match documents missing the field', async () => {
    const c = db.collection<Loose>('sparse');
    await c.createIndex({ code: 1 }, { sparse: true });
    await c.insertMany([{ _id: 1, code: 'x' }, { _id: 2 }, { _id: 3, code: 'y' }]);
    expect(await c.find({ code: { $gte: 'a' } }).toArray()).toHaveLength(2);
    expect(await explain(c.find({ code: { $gte: 'a' } }))).toMatchObject({ index: 'code_1' });
    expect((await c.find({}).sort({ code: 1 }).toArray()).map((d) => d._id)).toEqual([2, 1, 3]);
    expect(await explain(c.find({}).sort({ code: 1 }))).toMatchObject({
      index: undefined,
      sortInMemory: true,
    });
    expect(await c.find({ code: null }).toArray()).toEqual([{ _id: 2 }]);
  });

  it('uses a partial index only when the query states its filter', async () => {
    const c = db.collection<Loose>('partial');
    await c.createIndex({ at: 1 }, { partialFilterExpression: { active: true } });
    await c.insertMany([
      { _id: 1, at: 1, active: true },
      { _id: 2, at: 2, active: false },
      { _id: 3, at: 3, active: true },
    ]);
    const ids = async (filter: Document) =>
      (await c.find(filter).sort({ at: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ at: { $gte: 1 } })).toEqual([1, 2, 3]);
    expect(await explain(c.find({ at: { $gte: 1 } }))).toMatchObject({ index: undefined });
    expect(await ids({ at: { $gte: 1 }, active: true })).toEqual([1, 3]);
    expect(await explain(c.find({ at: { $gte: 1 }, active: true }))).toMatchObject({
      index: 'at_1',
    });
  });

  it('moves a document in the index when its key changes, and drops it on delete', async () => {
    const c = db.collection<Loose>('board');
    await c.createIndex({ points: -1 });
    await c.insertMany([
      { _id: 'a', points: 10 },
      { _id: 'b', points: 20 },
      { _id: 'c', points: 30 },
    ]);
    const board = async () =>
      (
        await c
          .find({ points: { $gte: 0 } })
          .sort({ points: -1 })
          .toArray()
      ).map((d) => d._id);
    await c.updateOne({ _id: 'a' }, { $inc: { points: 25 } });
    expect(await board()).toEqual(['a', 'c', 'b']);
    await c.updateMany({ points: { $lt: 31 } }, { $set: { points: 0 } });
    expect(await board()).toEqual(['a', 'b', 'c']);
    await c.deleteMany({ points: { $lte: 0 } });
    expect(await board()).toEqual(['a']);
    await c.updateOne({ _id: 'a' }, { $set: { points: [1, 2] } });
    expect(await c.find({ points: { $gt: 1 } }).toArray()).toEqual([{ _id: 'a', points: [1, 2] }]);
    await c.updateOne({ _id: 'a' }, { $set: { points: 5 } });
    expect(await explain(c.find({}).sort({ points: 1 }))).toMatchObject({ sortInMemory: false });
  });

  it('returns the same documents as an unindexed collection for random queries', async () => {
    const indexed = db.collection<Loose>('indexed');
    const plain = db.collection<Loose>('plain');
    await indexed.createIndex({ a: 1 });
    await indexed.createIndex({ b: -1, a: 1 });
    await indexed.createIndex({ c: 1 }, { sparse: true });
    // Never an array, so its indexes also give sorts.
    await indexed.createIndex({ d: 1, n: 1 });
    await indexed.createIndex({ d: -1 });
    // mulberry32: a seeded generator, so that a failure replays.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const value = (): unknown => {
      switch (random(7)) {
        case 0:
          return random(20);
        case 1:
          return random(20) + 0.5;
        case 2:
          return `s${random(20)}`;
        case 3:
          return [random(20), random(20)];
        case 4:
          return new Date(random(20));
        case 5:
          return null;
        default:
          return undefined;
      }
    };
    const docs = Array.from({ length: 200 }, (_, i) => {
      const doc: Document = { _id: new ObjectId(), n: i };
      for (const field of ['a', 'b', 'c', 'd']) {
        const v = value();
        // `b` and `d` are never arrays (`b` shares an index with `a`: no parallel arrays).
        const scalar = field === 'b' || field === 'd';
        if (v !== undefined) doc[field] = scalar && Array.isArray(v) ? v[0] : v;
      }
      return doc;
    });
    await indexed.insertMany(docs.map((d) => ({ ...d })));
    await plain.insertMany(docs.map((d) => ({ ...d })));
    const condition = (): unknown => {
      const bound = random(2) ? random(20) : `s${random(20)}`;
      switch (random(7)) {
        case 0:
          return bound;
        case 1:
          return { $gt: bound };
        case 2:
          return { $gte: bound, $lt: random(2) ? random(20) : `s${random(20)}` };
        case 3:
          return { $lte: bound };
        case 4:
          return { $in: [bound, random(20), `s${random(20)}`] };
        case 5:
          return { $ne: bound };
        default:
          return { $exists: random(2) === 1 };
      }
    };
    for (let i = 0; i < 200; i++) {
      const filter: Document = {};
      for (const field of ['a', 'b', 'c', 'd']) if (random(2)) filter[field] = condition();
      const sortField = ['a', 'b', 'c', 'd', 'n'][random(5)];
      // `n` breaks ties, so that both orders are total.
      const sort: Document = { [sortField]: random(2) ? 1 : -1, n: random(2) ? 1 : -1 };
      const limit = random(3) ? 0 : random(10) + 1;
      const skip = random(3) ? 0 : random(5);
      const read = async (c: Collection<Loose>) =>
        (await c.find(filter).sort(sort).skip(skip).limit(limit).toArray()).map((d) => d.n);
      expect({ filter, sort, skip, limit, found: await read(indexed) }).toEqual({
        filter,
        sort,
        skip,
        limit,
        found: await read(plain),
      });
    }
  }, 120_000);
});
