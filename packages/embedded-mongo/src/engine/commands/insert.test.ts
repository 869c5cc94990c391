import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Binary, Decimal128, ObjectId, Timestamp, UUID } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('insert', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture();
  });
  afterEach(() => db.close());

  it('generates an ObjectId _id when missing and always stores _id first', async () => {
    await db.ok({ insert: 'c', documents: [{ a: 1 }, { b: 2, _id: 'x' }] });
    const [first, second] = await db.all('c');
    expect(first._id).toBeInstanceOf(ObjectId);
    expect(Object.keys(first)).toEqual(['_id', 'a']);
    expect(Object.keys(second)).toEqual(['_id', 'b']);
  });

  it('round-trips BSON types, keeping null distinct from a missing field', async () => {
    const doc = {
      _id: new ObjectId(),
      int: 42,
      double: 1.25,
      long: 2n ** 40n,
      decimal: Decimal128.fromString('10.50'),
      date: new Date('2024-05-01T10:00:00Z'),
      binary: new Binary(Buffer.from('bytes'), 0),
      uuid: new UUID('0e1f6a3c-6c5d-4b7e-9a51-7a0f5e2b8c11'),
      timestamp: new Timestamp({ t: 100, i: 2 }),
      regex: /ab+c/i,
      nothing: null,
      nested: { list: [1, 'two', { three: 3 }], empty: {} },
    };
    await db.ok({ insert: 'types', documents: [doc] });
    const [stored] = await db.all('types');
    expect(stored).toEqual({ ...doc, uuid: new Binary(doc.uuid.buffer, 4) });
    expect(Object.keys(stored)).toEqual(Object.keys(doc));
    expect('missing' in stored).toBe(false);
    expect(typeof stored.long).toBe('bigint');
    expect((stored.decimal as Decimal128).toString()).toBe('10.50');
  });

  it('reports duplicate _ids with their index and stops an ordered batch there [DuplicateKey 11000]', async () => {
    const reply = await db.ok({
      insert: 'c',
      documents: [{ _id: 1 }, { _id: 2 }, { _id: 1 }, { _id: 3 }],
    });
    expect(reply.n).toBe(2);
    expect(reply.writeErrors).toEqual([
      {
        index: 2,
        code: 11000,
        errmsg: 'E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }',
        keyPattern: { _id: 1 },
        keyValue: { _id: 1 },
      },
    ]);
    expect((await db.all('c')).map((d) => d._id)).toEqual([1, 2]);
  });

  it('goes on after an error when unordered [DuplicateKey 11000]', async () => {
    const reply = await db.ok({
      insert: 'c',
      ordered: false,
      documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }, { _id: 2 }],
    });
    expect(reply.n).toBe(2);
    expect(
      reply.writeErrors.map((e: { index: number; code: number }) => [e.index, e.code]),
    ).toEqual([
      [1, 11000],
      [3, 11000],
    ]);
  });

  it('treats 1, 1.0 and NumberLong(1) as the same _id [DuplicateKey 11000]', async () => {
    await db.ok({ insert: 'c', documents: [{ _id: 1 }] });
    const reply = await db.ok({ insert: 'c', documents: [{ _id: 1n }] });
    expect(reply.writeErrors[0].code).toBe(11000);
  });

  it('stores dotted and dollar-prefixed field names as MongoDB 5.0+ does, but not inside _id [DollarPrefixedFieldName 52]', async () => {
    const docs = [{ _id: 1, $a: 1, 'b.c': 2, d: { $e: 3 } }];
    await db.ok({ insert: 'c', documents: docs });
    expect(await db.all('c')).toEqual(docs);
    const reply = await db.ok({ insert: 'c', documents: [{ _id: { $x: 1 } }] });
    expect(reply.writeErrors[0].code).toBe(52);
  });

  it('rejects an array _id [BadValue 2]', async () => {
    const reply = await db.ok({ insert: 'c', documents: [{ _id: [1, 2] }] });
    expect(reply.writeErrors[0]).toMatchObject({ code: 2, errmsg: "can't use an array for _id" });
  });

  it('rejects a document over 16 MiB [BSONObjectTooLarge 10334]', async () => {
    const reply = await db.ok({
      insert: 'c',
      documents: [{ big: 'x'.repeat(16 * 1024 * 1024 + 1) }],
    });
    expect(reply.writeErrors[0].code).toBe(10334);
    expect(await db.all('c')).toEqual([]);
  });

  it('creates the collection implicitly and persists it before the documents', async () => {
    await db.ok({ insert: 'fresh', documents: [{ _id: 1 }] });
    expect(db.persisted).toEqual([
      [
        { op: 'createCollection', db: 'test', coll: 'fresh', options: {} },
        { op: 'put', db: 'test', coll: 'fresh', doc: { _id: 1 } },
      ],
    ]);
  });

  it('stores a copy: changing the inserted object later does not change the data', async () => {
    const doc = { _id: 1, tags: ['a'] };
    await db.engine.runCommand('test', { insert: 'c', documents: [doc] }, { connectionId: 1 });
    doc.tags.push('b');
    expect(await db.all('c')).toEqual([{ _id: 1, tags: ['a'] }]);
  });

  it('requires documents [Location40414]', async () => {
    expect(await db.run({ insert: 'c' })).toMatchObject({
      ok: 0,
      code: 40414,
      codeName: 'Location40414',
      errmsg: "BSON field 'insert.documents' is missing but a required field",
    });
  });
});
