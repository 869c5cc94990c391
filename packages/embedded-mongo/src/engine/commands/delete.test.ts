import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('delete', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'c',
      documents: [1, 2, 3, 4].map((i) => ({ _id: i, even: i % 2 === 0 })),
    });
  });
  afterEach(() => db.close());

  it('removes one match with limit 1 and all matches with limit 0', async () => {
    expect(await db.ok({ delete: 'c', deletes: [{ q: { even: true }, limit: 1 }] })).toEqual({
      n: 1,
      ok: 1,
    });
    expect(await db.ok({ delete: 'c', deletes: [{ q: { even: false }, limit: 0 }] })).toEqual({
      n: 2,
      ok: 1,
    });
    expect(await db.all('c')).toEqual([{ _id: 4, even: true }]);
    expect(db.persisted.at(-1)).toEqual([
      { op: 'delete', db: 'test', coll: 'c', id: 1 },
      { op: 'delete', db: 'test', coll: 'c', id: 3 },
    ]);
  });

  it('rejects a limit other than 0 or 1 [FailedToParse 9]', async () => {
    const reply = await db.ok({ delete: 'c', deletes: [{ q: {}, limit: 2 }] });
    expect(reply.writeErrors[0].code).toBe(9);
    expect(await db.all('c')).toHaveLength(4);
  });

  it('deletes nothing from a missing collection', async () => {
    expect(await db.ok({ delete: 'none', deletes: [{ q: {}, limit: 0 }] })).toEqual({
      n: 0,
      ok: 1,
    });
  });
});
