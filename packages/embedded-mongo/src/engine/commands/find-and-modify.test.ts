import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ObjectId } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('findAndModify', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'jobs',
      documents: [
        { _id: 1, state: 'queued', priority: 2 },
        { _id: 2, state: 'queued', priority: 9 },
        { _id: 3, state: 'done', priority: 5 },
      ],
    });
  });
  afterEach(() => db.close());

  it('updates the first match in sort order and returns the old document by default', async () => {
    const reply = await db.ok({
      findAndModify: 'jobs',
      query: { state: 'queued' },
      sort: { priority: -1 },
      update: { $set: { state: 'running' } },
    });
    expect(reply).toEqual({
      lastErrorObject: { n: 1, updatedExisting: true },
      value: { _id: 2, state: 'queued', priority: 9 },
      ok: 1,
    });
  });

  it('returns the new document, projected, with new: true', async () => {
    const reply = await db.ok({
      findAndModify: 'jobs',
      query: { _id: 1 },
      update: { $inc: { priority: 1 } },
      new: true,
      fields: { priority: 1, _id: 0 },
    });
    expect(reply.value).toEqual({ priority: 3 });
  });

  it('removes and returns the document with remove: true', async () => {
    const reply = await db.ok({ findAndModify: 'jobs', query: { state: 'done' }, remove: true });
    expect(reply).toEqual({
      lastErrorObject: { n: 1 },
      value: { _id: 3, state: 'done', priority: 5 },
      ok: 1,
    });
    expect(await db.all('jobs')).toHaveLength(2);
  });

  it('upserts when nothing matches, reporting the new _id in lastErrorObject', async () => {
    const reply = await db.ok({
      findAndModify: 'jobs',
      query: { state: 'new', owner: 'ann' },
      update: { $set: { priority: 1 }, $setOnInsert: { created: true } },
      upsert: true,
      new: true,
    });
    const id = reply.lastErrorObject.upserted as ObjectId;
    expect(id).toBeInstanceOf(ObjectId);
    expect(reply.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(reply.value).toEqual({
      _id: id,
      state: 'new',
      owner: 'ann',
      priority: 1,
      created: true,
    });
  });

  it('returns null when nothing matches and there is no upsert', async () => {
    const reply = await db.ok({
      findAndModify: 'jobs',
      query: { _id: 42 },
      update: { $set: { a: 1 } },
    });
    expect(reply).toEqual({
      lastErrorObject: { n: 0, updatedExisting: false },
      value: null,
      ok: 1,
    });
  });

  it('supports pipeline updates and array filters', async () => {
    await db.ok({ insert: 'jobs', documents: [{ _id: 4, steps: [1, 5, 9] }] });
    const piped = await db.ok({
      findAndModify: 'jobs',
      query: { _id: 4 },
      update: [{ $set: { total: { $sum: '$steps' } } }],
      new: true,
    });
    expect(piped.value.total).toBe(15);
    const filtered = await db.ok({
      findAndModify: 'jobs',
      query: { _id: 4 },
      update: { $set: { 'steps.$[big]': 0 } },
      arrayFilters: [{ big: { $gt: 4 } }],
      new: true,
    });
    expect(filtered.value.steps).toEqual([1, 0, 0]);
  });

  it('rejects remove together with update [FailedToParse 9]', async () => {
    const reply = await db.run({
      findAndModify: 'jobs',
      query: {},
      remove: true,
      update: { $set: { a: 1 } },
    });
    expect(reply).toMatchObject({ ok: 0, code: 9 });
  });

  it('reports a duplicate key as a command error with keyPattern and keyValue [DuplicateKey 11000]', async () => {
    await db.ok({
      createIndexes: 'jobs',
      indexes: [{ key: { priority: 1 }, name: 'priority_1', unique: true }],
    });
    const reply = await db.run({
      findAndModify: 'jobs',
      query: { _id: 1 },
      update: { $set: { priority: 9 } },
    });
    expect(reply).toEqual({
      ok: 0,
      errmsg:
        'E11000 duplicate key error collection: test.jobs index: priority_1 dup key: { priority: 9 }',
      code: 11000,
      codeName: 'DuplicateKey',
      keyPattern: { priority: 1 },
      keyValue: { priority: 9 },
    });
    expect((await db.all('jobs'))[0]).toEqual({ _id: 1, state: 'queued', priority: 2 });
  });

  it('lets exactly 50 of 100 concurrent guarded increments succeed', async () => {
    await db.ok({ insert: 'counters', documents: [{ _id: 'c', count: 0 }] });
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        db.ok({
          findAndModify: 'counters',
          query: { _id: 'c', count: { $lt: 50 } },
          update: { $inc: { count: 1 } },
          new: true,
        }),
      ),
    );
    expect(replies.filter((reply) => reply.value !== null)).toHaveLength(50);
    expect(await db.all('counters')).toEqual([{ _id: 'c', count: 50 }]);
  });
});
