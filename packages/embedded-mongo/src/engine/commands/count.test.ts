import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('count and distinct', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'c',
      documents: [
        { _id: 1, tag: 'b', tags: ['x', 'y'], n: 1 },
        { _id: 2, tag: 'a', tags: ['y'], n: 1n },
        { _id: 3, tag: 'b', tags: [], n: 2.5 },
        { _id: 4, tags: [['nested']], n: null },
      ],
    });
  });
  afterEach(() => db.close());

  it('counts matches, honouring skip and limit', async () => {
    expect(await db.ok({ count: 'c' })).toEqual({ n: 4, ok: 1 });
    expect(await db.ok({ count: 'c', query: { tag: 'b' } })).toEqual({ n: 2, ok: 1 });
    expect(await db.ok({ count: 'c', query: {}, skip: 1, limit: 2 })).toEqual({ n: 2, ok: 1 });
    expect(await db.ok({ count: 'c', query: { n: { $gte: 1 } }, skip: 1 })).toEqual({
      n: 2,
      ok: 1,
    });
    expect(await db.ok({ count: 'missing' })).toEqual({ n: 0, ok: 1 });
  });

  it('lists distinct values, array elements one by one, numbers equal across types, in BSON order', async () => {
    expect((await db.ok({ distinct: 'c', key: 'tag' })).values).toEqual(['a', 'b']);
    expect((await db.ok({ distinct: 'c', key: 'tags' })).values).toEqual(['x', 'y', ['nested']]);
    expect((await db.ok({ distinct: 'c', key: 'n' })).values).toEqual([null, 1, 2.5]);
    expect((await db.ok({ distinct: 'c', key: 'tag', query: { _id: { $gt: 1 } } })).values).toEqual(
      ['a', 'b'],
    );
  });

  it('requires a string key [Location40414]', async () => {
    expect((await db.run({ distinct: 'c' })).code).toBe(40414);
  });
});
