import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Binary, Decimal128, MaxKey, MinKey, ObjectId, Timestamp, type Document } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

const ids = (docs: Document[]): unknown[] => docs.map((d) => d._id);

describe('find', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'people',
      documents: [
        { _id: 1, name: 'ann', age: 31, tags: ['a', 'b'], address: { city: 'Oslo' } },
        { _id: 2, name: 'bob', age: 25, tags: ['b'], address: { city: 'Rome' } },
        { _id: 3, name: 'cid', age: 40n, tags: [], nickname: null },
        { _id: 4, name: 'dee', age: Decimal128.fromString('25.0'), address: { city: 'Oslo' } },
      ],
    });
  });
  afterEach(() => db.close());

  const find = async (command: Document): Promise<Document[]> =>
    (await db.ok({ find: 'people', ...command })).cursor.firstBatch;

  it('filters with query operators, numbers matching across Int32/Long/Decimal128', async () => {
    expect(ids(await find({ filter: { age: { $gte: 31 } } }))).toEqual([1, 3]);
    expect(ids(await find({ filter: { age: 25 } }))).toEqual([2, 4]);
    expect(ids(await find({ filter: { age: { $in: [40, 31n] } } }))).toEqual([1, 3]);
    expect(ids(await find({ filter: { tags: 'b', 'address.city': 'Oslo' } }))).toEqual([1]);
    expect(ids(await find({ filter: { $or: [{ name: /^a/ }, { tags: { $size: 0 } }] } }))).toEqual([
      1, 3,
    ]);
  });

  it('matches BSON types with $type, by alias or number', async () => {
    expect(ids(await find({ filter: { age: { $type: 'long' } } }))).toEqual([3]);
    expect(ids(await find({ filter: { age: { $type: ['decimal', 16] } } }))).toEqual([1, 2, 4]);
    expect(ids(await find({ filter: { age: { $type: 'number' } } }))).toEqual([1, 2, 3, 4]);
    expect(ids(await find({ filter: { tags: { $type: 'string' } } }))).toEqual([1, 2]);
    expect(ids(await find({ filter: { tags: { $type: 'array' } } }))).toEqual([1, 2, 3]);
    expect(ids(await find({ filter: { nickname: { $type: 'null' } } }))).toEqual([3]);
    expect((await db.run({ find: 'people', filter: { a: { $type: 'nope' } } })).code).toBe(2);
  });

  it('matches null against null and missing fields, and $exists tells them apart', async () => {
    expect(ids(await find({ filter: { nickname: null } }))).toEqual([1, 2, 3, 4]);
    expect(ids(await find({ filter: { nickname: { $exists: true } } }))).toEqual([3]);
    expect(ids(await find({ filter: { nickname: { $ne: null } } }))).toEqual([]);
  });

  it('projects fields, keeping the document order with _id first', async () => {
    const docs = await find({ filter: { _id: 1 }, projection: { address: 1, name: 1 } });
    expect(docs).toEqual([{ _id: 1, name: 'ann', address: { city: 'Oslo' } }]);
    expect(Object.keys(docs[0])).toEqual(['_id', 'name', 'address']);
    expect(await find({ filter: { _id: 2 }, projection: { _id: 0, tags: 0, address: 0 } })).toEqual(
      [{ name: 'bob', age: 25 }],
    );
  });

  it('sorts, skips and limits', async () => {
    expect(ids(await find({ sort: { age: -1, _id: 1 } }))).toEqual([3, 1, 2, 4]);
    expect(ids(await find({ sort: { name: 1 }, skip: 1, limit: 2 }))).toEqual([2, 3]);
    expect(ids(await find({ sort: { 'address.city': 1, _id: -1 } }))).toEqual([3, 4, 1, 2]);
    expect(ids(await find({ sort: { $natural: -1 } }))).toEqual([4, 3, 2, 1]);
  });

  it('sorts mixed types in BSON order, arrays by their smallest element ascending', async () => {
    const values = [
      new MaxKey(),
      /re/,
      new Timestamp({ t: 1, i: 0 }),
      new Date(5),
      true,
      new ObjectId(),
      new Binary(Buffer.from('b')),
      [0.5, 99],
      { o: 1 },
      'str',
      7n,
      3,
      null,
      new MinKey(),
    ];
    await db.ok({ insert: 'mixed', documents: values.map((v, i) => ({ _id: i, v })) });
    await db.ok({ insert: 'mixed', documents: [{ _id: 100 }] });
    const reply = await db.ok({ find: 'mixed', sort: { v: 1, _id: 1 } });
    // The array sorts by 0.5, among numbers; missing sorts with null.
    expect(ids(reply.cursor.firstBatch)).toEqual([
      13, 12, 100, 7, 11, 10, 9, 8, 6, 5, 4, 3, 2, 1, 0,
    ]);
    const descending = await db.ok({ find: 'mixed', sort: { v: -1, _id: 1 } });
    // Descending, the array sorts by 99.
    expect(ids(descending.cursor.firstBatch)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 8, 9, 7, 10, 11, 12, 100, 13,
    ]);
  });

  it('returns an empty batch and no cursor for a missing collection', async () => {
    expect((await db.ok({ find: 'nothing' })).cursor).toEqual({
      id: 0n,
      ns: 'test.nothing',
      firstBatch: [],
    });
  });

  it('rejects an invalid sort [BadValue 2]', async () => {
    expect(await db.run({ find: 'people', sort: { age: 2 } })).toMatchObject({ ok: 0, code: 2 });
  });
});

describe('cursors', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({ insert: 'n', documents: Array.from({ length: 250 }, (_, i) => ({ _id: i })) });
  });
  afterEach(() => db.close());

  it('returns 101 documents first, then the rest over getMore batches, closing the cursor at the end', async () => {
    const first = await db.ok({ find: 'n' });
    expect(first.cursor.firstBatch).toHaveLength(101);
    const id = first.cursor.id as bigint;
    expect(typeof id).toBe('bigint');
    expect(id).not.toBe(0n);
    const second = await db.ok({ getMore: id, collection: 'n', batchSize: 100 });
    expect(second.cursor).toMatchObject({ id, ns: 'test.n' });
    expect(ids(second.cursor.nextBatch)).toEqual(Array.from({ length: 100 }, (_, i) => i + 101));
    const last = await db.ok({ getMore: id, collection: 'n' });
    expect(last.cursor.id).toBe(0n);
    expect(last.cursor.nextBatch).toHaveLength(49);
    expect(await db.run({ getMore: id, collection: 'n' })).toMatchObject({
      ok: 0,
      code: 43,
      codeName: 'CursorNotFound',
      errmsg: `cursor id ${id} not found`,
    });
  });

  it('closes the cursor with the batch that exhausts it', async () => {
    const reply = await db.ok({ find: 'n', batchSize: 250 });
    expect(reply.cursor.id).toBe(0n);
    expect(reply.cursor.firstBatch).toHaveLength(250);
  });

  it('honours limit across batches and singleBatch', async () => {
    const limited = await db.ok({ find: 'n', limit: 120, batchSize: 100 });
    const rest = await db.ok({ getMore: limited.cursor.id, collection: 'n' });
    expect(rest.cursor.nextBatch).toHaveLength(20);
    expect(rest.cursor.id).toBe(0n);
    const single = await db.ok({ find: 'n', batchSize: 10, singleBatch: true });
    expect(single.cursor.id).toBe(0n);
    expect(single.cursor.firstBatch).toHaveLength(10);
  });

  it('kills cursors and reports unknown ones', async () => {
    const { cursor } = await db.ok({ find: 'n', batchSize: 2 });
    const reply = await db.ok({ killCursors: 'n', cursors: [cursor.id, 12345n] });
    expect(reply).toMatchObject({
      cursorsKilled: [cursor.id],
      cursorsNotFound: [12345n],
      cursorsAlive: [],
      cursorsUnknown: [],
    });
    expect((await db.run({ getMore: cursor.id, collection: 'n' })).code).toBe(43);
  });

  it('refuses a getMore for another namespace [Unauthorized 13]', async () => {
    const { cursor } = await db.ok({ find: 'n', batchSize: 2 });
    expect((await db.run({ getMore: cursor.id, collection: 'other' })).code).toBe(13);
  });

  it('keeps the documents a cursor returns independent of later updates to them', async () => {
    const { cursor } = await db.ok({ find: 'n', batchSize: 1, sort: { _id: 1 } });
    await db.ok({ update: 'n', updates: [{ q: { _id: 1 }, u: { $set: { seen: true } } }] });
    const next = await db.ok({ getMore: cursor.id, collection: 'n', batchSize: 1 });
    // A sorted cursor read its matches up front: it returns the version it found.
    expect(next.cursor.nextBatch).toEqual([{ _id: 1 }]);
  });
});

describe('idle cursors', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('closes a cursor left unused for longer than the idle timeout [CursorNotFound 43]', async () => {
    jest.useFakeTimers();
    const db = engineFixture({ cursorIdleTimeoutMs: 1_000 });
    try {
      await db.ok({ insert: 'n', documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] });
      const { cursor } = await db.ok({ find: 'n', batchSize: 1 });
      jest.advanceTimersByTime(500);
      expect((await db.ok({ getMore: cursor.id, collection: 'n', batchSize: 1 })).cursor.id).toBe(
        cursor.id,
      );
      jest.advanceTimersByTime(2_100);
      expect((await db.run({ getMore: cursor.id, collection: 'n' })).code).toBe(43);
    } finally {
      db.close();
    }
  });
});
