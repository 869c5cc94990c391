import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Decimal128, ObjectId, type Document } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('update', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'c',
      documents: [
        {
          _id: 1,
          name: 'a',
          n: 1,
          grades: [85, 40, 92],
          items: [
            { sku: 'x', qty: 1 },
            { sku: 'y', qty: 5 },
          ],
        },
        { _id: 2, name: 'b', n: 2, grades: [55, 61] },
        { _id: 3, name: 'c', n: 3 },
      ],
    });
  });
  afterEach(() => db.close());

  const update = (statement: Document, extra: Document = {}): Promise<Document> =>
    db.ok({ update: 'c', updates: [statement], ...extra });
  const get = async (id: unknown): Promise<Document | undefined> =>
    (await db.all('c')).find((doc) => doc._id === id);

  it('updates the first match, or every match with multi, counting n and nModified', async () => {
    expect(await update({ q: { n: { $gte: 2 } }, u: { $inc: { n: 10 } } })).toEqual({
      n: 1,
      nModified: 1,
      ok: 1,
    });
    expect(
      await update({ q: { n: { $gte: 2 } }, u: { $set: { seen: true } }, multi: true }),
    ).toEqual({
      n: 2,
      nModified: 2,
      ok: 1,
    });
    expect((await db.all('c')).map((d) => d.n)).toEqual([1, 12, 3]);
  });

  it('does not count a document as modified when the update changes nothing', async () => {
    expect(await update({ q: { _id: 1 }, u: { $set: { name: 'a' } } })).toMatchObject({
      n: 1,
      nModified: 0,
    });
  });

  it('upserts from the query equalities plus $setOnInsert, reporting upserted index and _id', async () => {
    const reply = await db.ok({
      update: 'c',
      updates: [
        {
          q: { _id: 1 },
          u: { $set: { touched: 1 }, $setOnInsert: { created: true } },
          upsert: true,
        },
        {
          q: { name: 'new', 'profile.tier': 'gold', n: { $gt: 5 } },
          u: { $set: { touched: 1 }, $setOnInsert: { created: true } },
          upsert: true,
        },
      ],
    });
    expect(reply.n).toBe(2);
    expect(reply.nModified).toBe(1);
    expect(reply.upserted).toHaveLength(1);
    expect(reply.upserted[0].index).toBe(1);
    const id = reply.upserted[0]._id as ObjectId;
    expect(id).toBeInstanceOf(ObjectId);
    expect(await get(1)).not.toHaveProperty('created');
    const inserted = (await db.all('c')).find((doc) => id.equals(doc._id as ObjectId));
    expect(inserted).toEqual({
      _id: id,
      name: 'new',
      profile: { tier: 'gold' },
      touched: 1,
      created: true,
    });
  });

  it('upserts with array filters applied to the array the query pins', async () => {
    const reply = await update({
      q: { _id: 9, grades: [50, 70, 45] },
      u: { $set: { 'grades.$[low]': 0 } },
      arrayFilters: [{ low: { $lt: 60 } }],
      upsert: true,
    });
    expect(reply.upserted).toEqual([{ index: 0, _id: 9 }]);
    expect(await get(9)).toEqual({ _id: 9, grades: [0, 70, 0] });
  });

  it('updates array elements with $, $[] and $[<id>]', async () => {
    await update({ q: { _id: 1, grades: 40 }, u: { $set: { 'grades.$': 41 } } });
    expect((await get(1))?.grades).toEqual([85, 41, 92]);
    await update({ q: { _id: 2 }, u: { $inc: { 'grades.$[]': 1 } } });
    expect((await get(2))?.grades).toEqual([56, 62]);
    await update({
      q: { _id: 1 },
      u: { $inc: { 'items.$[big].qty': 100 } },
      arrayFilters: [{ 'big.qty': { $gt: 2 } }],
    });
    expect((await get(1))?.items).toEqual([
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 105 },
    ]);
  });

  it('replaces the whole document, keeping _id', async () => {
    await update({ q: { _id: 2 }, u: { fresh: true } });
    expect(await get(2)).toEqual({ _id: 2, fresh: true });
  });

  it('runs pipeline-style updates, also when upserting', async () => {
    await update({
      q: { _id: 2 },
      u: [
        { $set: { best: { $max: '$grades' }, count: { $size: '$grades' } } },
        { $unset: 'grades' },
      ],
    });
    expect(await get(2)).toEqual({ _id: 2, name: 'b', n: 2, best: 61, count: 2 });
    const reply = await update({
      q: { _id: 7 },
      u: [{ $set: { made: { $literal: 'yes' } } }],
      upsert: true,
    });
    expect(reply.upserted).toEqual([{ index: 0, _id: 7 }]);
    expect(await get(7)).toEqual({ _id: 7, made: 'yes' });
  });

  it('keeps _id when a pipeline stage drops it, and stores field names with $ or dots', async () => {
    await update({
      q: { _id: 2 },
      u: [
        { $replaceRoot: { newRoot: { kept: '$name' } } },
        {
          $replaceWith: {
            $setField: { field: { $literal: '$odd.name' }, value: 1, input: '$$ROOT' },
          },
        },
      ],
    });
    expect(await get(2)).toEqual({ _id: 2, kept: 'b', '$odd.name': 1 });
  });

  it('evaluates let and per-statement constants as expressions', async () => {
    await db.ok({
      update: 'c',
      updates: [
        {
          q: { $expr: { $eq: ['$_id', '$$target'] } },
          u: [{ $set: { note: '$$note', by: '$$who' } }],
          c: { who: 'c' },
        },
      ],
      let: { target: 3, note: { $literal: '$not-a-path' } },
    });
    expect(await get(3)).toEqual({ _id: 3, name: 'c', n: 3, note: '$not-a-path', by: 'c' });
  });

  it('rejects sort in an update statement as MongoDB 7.0 does [Location40415]', async () => {
    expect(
      (await update({ q: {}, u: { $set: { a: 1 } }, sort: { n: -1 } })).writeErrors[0].code,
    ).toBe(40415);
  });

  it('increments Long and Decimal128 fields exactly, keeping their types', async () => {
    await db.ok({
      insert: 'money',
      documents: [{ _id: 1, long: 2n ** 62n, price: Decimal128.fromString('1.10') }],
    });
    await db.ok({
      update: 'money',
      updates: [
        {
          q: { _id: 1 },
          u: { $inc: { long: 1, price: Decimal128.fromString('0.2') }, $mul: { other: 3n } },
        },
      ],
    });
    const [doc] = await db.all('money');
    expect(doc.long).toBe(2n ** 62n + 1n);
    expect((doc.price as Decimal128).toString()).toBe('1.30');
    expect(doc.other).toBe(0n);
  });

  it.each<[Document, number, string]>([
    [{ u: { $set: { _id: 5 } } }, 66, 'ImmutableField'],
    [{ u: { $set: { 'a.b': 1 }, $inc: { a: 1 } } }, 40, 'ConflictingUpdateOperators'],
    [{ u: { $inc: { name: 1 } } }, 14, 'TypeMismatch'],
    [{ u: { $inc: { n: 'x' } } }, 14, 'TypeMismatch'],
    [{ u: { $foo: { n: 1 } } }, 9, 'FailedToParse'],
    [{ u: { $set: { 'n.deep': 1 } } }, 28, 'PathNotViable'],
    [{ u: { $push: { name: 1 } } }, 2, 'BadValue'],
    [{ u: { $set: { 'missing.$[x]': 1 } }, arrayFilters: [{ x: 1 }] }, 2, 'BadValue'],
  ])('rejects %j with code %i %s and leaves the document unchanged', async (statement, code) => {
    const before = await get(1);
    const reply = await update({ q: { _id: 1 }, ...statement });
    expect(reply.writeErrors[0]).toMatchObject({ index: 0, code });
    expect(await get(1)).toEqual(before);
  });

  it('accepts setting _id to its current value', async () => {
    expect(await update({ q: { _id: 1 }, u: { $set: { _id: 1, name: 'z' } } })).toMatchObject({
      nModified: 1,
    });
  });

  it('rejects changing _id with mongod’s messages [ImmutableField 66]', async () => {
    expect((await update({ q: { _id: 1 }, u: { $set: { _id: 2 } } })).writeErrors[0]).toMatchObject(
      {
        code: 66,
        errmsg: "Performing an update on the path '_id' would modify the immutable field '_id'",
      },
    );
    expect(
      (await update({ q: { _id: 1 }, u: { _id: 2, name: 'z' } })).writeErrors[0],
    ).toMatchObject({
      code: 66,
      errmsg:
        "After applying the update, the (immutable) field '_id' was found to have been altered to _id: 2",
    });
    expect((await update({ q: { _id: 1 }, u: [{ $set: { _id: 'x' } }] })).writeErrors[0].code).toBe(
      66,
    );
  });

  it('rejects an unused or a missing array filter [FailedToParse 9, BadValue 2]', async () => {
    const unused = await update({ q: { _id: 1 }, u: { $set: { n: 1 } }, arrayFilters: [{ x: 1 }] });
    expect(unused.writeErrors[0].code).toBe(9);
    const missing = await update({ q: { _id: 1 }, u: { $set: { 'grades.$[g]': 1 } } });
    expect(missing.writeErrors[0].code).toBe(2);
  });

  it('rejects a multi replacement [FailedToParse 9]', async () => {
    expect((await update({ q: {}, u: { a: 1 }, multi: true })).writeErrors[0].code).toBe(9);
  });

  it('rejects an update growing a document past 16 MiB and keeps the old one [BSONObjectTooLarge 10334]', async () => {
    const reply = await update({
      q: { _id: 3 },
      u: { $set: { big: 'x'.repeat(16 * 1024 * 1024) } },
    });
    expect(reply.writeErrors[0].code).toBe(10334);
    expect(await get(3)).toEqual({ _id: 3, name: 'c', n: 3 });
  });

  it('stops an ordered batch at the first failing statement, keeping earlier ones applied', async () => {
    const reply = await db.ok({
      update: 'c',
      updates: [
        { q: { _id: 1 }, u: { $set: { step: 1 } } },
        { q: { _id: 2 }, u: { $set: { _id: 99 } } },
        { q: { _id: 3 }, u: { $set: { step: 3 } } },
      ],
    });
    expect(reply).toMatchObject({ n: 1, nModified: 1 });
    expect(reply.writeErrors).toHaveLength(1);
    expect(reply.writeErrors[0].index).toBe(1);
    expect((await db.all('c')).map((d) => d.step)).toEqual([1, undefined, undefined]);
  });
});
