import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ObjectId, type Document } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('index commands', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture();
  });
  afterEach(() => db.close());

  const createIndex = (key: Document, options: Document = {}, coll = 'c'): Promise<Document> =>
    db.run({
      createIndexes: coll,
      indexes: [
        {
          key,
          name: Object.entries(key)
            .map(([k, v]) => `${k}_${v}`)
            .join('_'),
          ...options,
        },
      ],
    });

  it('creates, lists and drops indexes, creating the collection when needed', async () => {
    expect(await createIndex({ email: 1 }, { unique: true })).toEqual({
      numIndexesBefore: 1,
      numIndexesAfter: 2,
      createdCollectionAutomatically: true,
      ok: 1,
    });
    await createIndex({ org: 1, at: -1 });
    const listed = await db.ok({ listIndexes: 'c', cursor: {} });
    expect(listed.cursor.firstBatch).toEqual([
      { v: 2, key: { _id: 1 }, name: '_id_' },
      { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
      { v: 2, key: { org: 1, at: -1 }, name: 'org_1_at_-1' },
    ]);
    expect(await db.ok({ dropIndexes: 'c', index: { org: 1, at: -1 } })).toEqual({
      nIndexesWas: 3,
      ok: 1,
    });
    expect(await db.ok({ dropIndexes: 'c', index: '*' })).toEqual({ nIndexesWas: 2, ok: 1 });
    expect((await db.ok({ listIndexes: 'c', cursor: {} })).cursor.firstBatch).toHaveLength(1);
  });

  it('treats creating an identical index as a no-op', async () => {
    await createIndex({ email: 1 }, { unique: true });
    expect(await createIndex({ email: 1 }, { unique: true })).toEqual({
      numIndexesBefore: 2,
      numIndexesAfter: 2,
      createdCollectionAutomatically: false,
      note: 'all indexes already exist',
      ok: 1,
    });
  });

  it('rejects the same name with other options [IndexKeySpecsConflict 86] and the same key under another name [IndexOptionsConflict 85]', async () => {
    await createIndex({ email: 1 });
    expect(await createIndex({ email: 1 }, { unique: true })).toMatchObject({
      ok: 0,
      code: 86,
      codeName: 'IndexKeySpecsConflict',
    });
    expect(
      await db.run({ createIndexes: 'c', indexes: [{ key: { email: 1 }, name: 'by_email' }] }),
    ).toMatchObject({
      ok: 0,
      code: 85,
      codeName: 'IndexOptionsConflict',
      errmsg: 'Index already exists with a different name: email_1',
    });
  });

  it('rejects malformed specifications [InvalidIndexSpecificationOption 197, CannotCreateIndex 67]', async () => {
    expect((await createIndex({ a: 1 }, { bogus: true })).code).toBe(197);
    expect((await createIndex({ a: 0 })).code).toBe(67);
    expect((await createIndex({ a: 1, b: 1 }, { expireAfterSeconds: 5 })).code).toBe(67);
  });

  it('refuses to drop _id_ [InvalidOptions 72], unknown indexes [IndexNotFound 27] and on missing collections [NamespaceNotFound 26]', async () => {
    await db.ok({ create: 'c' });
    expect((await db.run({ dropIndexes: 'c', index: '_id_' })).code).toBe(72);
    expect((await db.run({ dropIndexes: 'c', index: 'nope_1' })).code).toBe(27);
    expect((await db.run({ dropIndexes: 'none', index: '*' })).code).toBe(26);
    expect((await db.run({ listIndexes: 'none' })).code).toBe(26);
  });
});

describe('unique indexes', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture();
  });
  afterEach(() => db.close());

  it('rejects a duplicate on insert, update and upsert with MongoDB’s message, keyPattern and keyValue [DuplicateKey 11000]', async () => {
    await db.ok({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({
      insert: 'users',
      documents: [
        { _id: 1, email: 'a@b.c' },
        { _id: 2, email: 'x@y.z' },
      ],
    });
    const duplicate = {
      index: 0,
      code: 11000,
      errmsg:
        'E11000 duplicate key error collection: test.users index: email_1 dup key: { email: "a@b.c" }',
      keyPattern: { email: 1 },
      keyValue: { email: 'a@b.c' },
    };
    expect((await db.ok({ insert: 'users', documents: [{ email: 'a@b.c' }] })).writeErrors).toEqual(
      [duplicate],
    );
    expect(
      (
        await db.ok({
          update: 'users',
          updates: [{ q: { _id: 2 }, u: { $set: { email: 'a@b.c' } } }],
        })
      ).writeErrors,
    ).toEqual([duplicate]);
    expect(
      (
        await db.ok({
          update: 'users',
          updates: [{ q: { email: 'a@b.c', _id: 3 }, u: { $set: { x: 1 } }, upsert: true }],
        })
      ).writeErrors,
    ).toEqual([duplicate]);
    expect(await db.all('users')).toEqual([
      { _id: 1, email: 'a@b.c' },
      { _id: 2, email: 'x@y.z' },
    ]);
  });

  it('lets a document keep its own key when updated', async () => {
    await db.ok({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({ insert: 'users', documents: [{ _id: 1, email: 'a' }] });
    expect(
      await db.ok({ update: 'users', updates: [{ q: { _id: 1 }, u: { email: 'a', name: 'n' } }] }),
    ).toMatchObject({
      nModified: 1,
    });
  });

  it('treats missing fields as null, so only one document may lack a unique field [DuplicateKey 11000]', async () => {
    await db.ok({
      createIndexes: 'c',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({ insert: 'c', documents: [{ _id: 1 }] });
    const reply = await db.ok({ insert: 'c', documents: [{ _id: 2, email: null }] });
    expect(reply.writeErrors[0]).toMatchObject({ code: 11000, keyValue: { email: null } });
    expect(reply.writeErrors[0].errmsg).toContain('dup key: { email: null }');
  });

  it('enforces compound uniqueness on the combination of fields [DuplicateKey 11000]', async () => {
    const org = new ObjectId('65a1b2c3d4e5f60718293a4b');
    await db.ok({
      createIndexes: 'm',
      indexes: [{ key: { org: 1, email: 1 }, name: 'org_1_email_1', unique: true }],
    });
    await db.ok({
      insert: 'm',
      documents: [
        { org, email: 'a' },
        { org, email: 'b' },
        { org: 'other', email: 'a' },
      ],
    });
    const reply = await db.ok({ insert: 'm', documents: [{ org, email: 'a' }] });
    expect(reply.writeErrors[0]).toMatchObject({
      code: 11000,
      errmsg: `E11000 duplicate key error collection: test.m index: org_1_email_1 dup key: { org: ObjectId('${org.toHexString()}'), email: "a" }`,
      keyPattern: { org: 1, email: 1 },
      keyValue: { org, email: 'a' },
    });
  });

  it('indexes each array element (multikey) [DuplicateKey 11000]', async () => {
    await db.ok({
      createIndexes: 'c',
      indexes: [{ key: { tags: 1 }, name: 'tags_1', unique: true }],
    });
    await db.ok({
      insert: 'c',
      documents: [
        { _id: 1, tags: ['a', 'b'] },
        { _id: 2, tags: ['c'] },
      ],
    });
    expect(
      (await db.ok({ insert: 'c', documents: [{ tags: ['z', 'b'] }] })).writeErrors[0].keyValue,
    ).toEqual({
      tags: 'b',
    });
    const parallel = await db.run({
      createIndexes: 'c',
      indexes: [{ key: { tags: 1, more: 1 }, name: 'p' }],
    });
    expect(parallel.ok).toBe(1);
    expect(
      (await db.ok({ insert: 'c', documents: [{ tags: ['q', 'r'], more: [1, 2] }] })).writeErrors[0]
        .code,
    ).toBe(171);
  });

  it('ignores documents without the field when sparse', async () => {
    await db.ok({
      createIndexes: 'c',
      indexes: [{ key: { code: 1 }, name: 'code_1', unique: true, sparse: true }],
    });
    expect(
      await db.ok({ insert: 'c', documents: [{ _id: 1 }, { _id: 2 }, { _id: 3, code: 'x' }] }),
    ).toEqual({ n: 3, ok: 1 });
    expect((await db.ok({ insert: 'c', documents: [{ code: 'x' }] })).writeErrors[0].code).toBe(
      11000,
    );
  });

  it('only constrains documents matching the partialFilterExpression', async () => {
    await db.ok({
      createIndexes: 'c',
      indexes: [
        {
          key: { email: 1 },
          name: 'email_1',
          unique: true,
          partialFilterExpression: { active: { $eq: true } },
        },
      ],
    });
    await db.ok({
      insert: 'c',
      documents: [
        { email: 'a', active: false },
        { email: 'a', active: false },
        { email: 'a', active: true },
      ],
    });
    expect(
      (await db.ok({ insert: 'c', documents: [{ email: 'a', active: true }] })).writeErrors[0].code,
    ).toBe(11000);
    // Reading through the partial index must not hide the documents it leaves out.
    expect((await db.ok({ count: 'c', query: { email: 'a' } })).n).toBe(3);
  });

  it('refuses to build a unique index over existing duplicates, leaving no index [DuplicateKey 11000]', async () => {
    await db.ok({ insert: 'c', documents: [{ a: 1 }, { a: 1 }] });
    const reply = await db.run({
      createIndexes: 'c',
      indexes: [{ key: { a: 1 }, name: 'a_1', unique: true }],
    });
    expect(reply).toMatchObject({ ok: 0, code: 11000, keyValue: { a: 1 } });
    expect((await db.ok({ listIndexes: 'c', cursor: {} })).cursor.firstBatch).toHaveLength(1);
  });
});

describe('TTL indexes', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('removes documents whose date is older than expireAfterSeconds on the periodic sweep', async () => {
    jest.useFakeTimers();
    const db = engineFixture({ ttlSweepIntervalMs: 1_000 });
    try {
      await db.ok({
        createIndexes: 's',
        indexes: [{ key: { at: 1 }, name: 'at_1', expireAfterSeconds: 60 }],
      });
      const now = Date.now();
      await db.ok({
        insert: 's',
        documents: [
          { _id: 'old', at: new Date(now - 61_000) },
          { _id: 'fresh', at: new Date(now - 10_000) },
          { _id: 'array', at: [new Date(now), new Date(now - 120_000)] },
          { _id: 'not-a-date', at: 'yesterday' },
        ],
      });
      jest.advanceTimersByTime(1_000);
      expect((await db.all('s')).map((d) => d._id)).toEqual(['fresh', 'not-a-date']);
      expect(db.persisted.at(-1)).toEqual([
        { op: 'delete', db: 'test', coll: 's', id: 'old' },
        { op: 'delete', db: 'test', coll: 's', id: 'array' },
      ]);
      jest.advanceTimersByTime(60_000);
      expect((await db.all('s')).map((d) => d._id)).toEqual(['not-a-date']);
    } finally {
      db.close();
    }
  });
});
