import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Binary } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('collection and database commands', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture();
  });
  afterEach(() => db.close());

  it('creates a collection, accepts re-creating it with the same options and refuses other options [NamespaceExists 48]', async () => {
    expect(await db.ok({ create: 'c', validationLevel: 'off', lsid: { id: 'x' } })).toEqual({
      ok: 1,
    });
    expect(await db.ok({ create: 'c', validationLevel: 'off' })).toEqual({ ok: 1 });
    expect(await db.run({ create: 'c' })).toMatchObject({
      ok: 0,
      code: 48,
      codeName: 'NamespaceExists',
      errmsg: 'Collection test.c already exists.',
    });
  });

  it('rejects invalid names [InvalidNamespace 73]', async () => {
    expect((await db.run({ create: 'a$b' })).code).toBe(73);
    expect((await db.run({ insert: 'c', documents: [{}] }, 'bad.db')).writeErrors[0].code).toBe(73);
  });

  it('lists collections with their options and uuid, filtered, or names only', async () => {
    await db.ok({ create: 'b', capped: false });
    await db.ok({ insert: 'a', documents: [{}] });
    const full = await db.ok({ listCollections: 1, filter: { name: 'b' } });
    expect(full.cursor.ns).toBe('test.$cmd.listCollections');
    expect(full.cursor.firstBatch).toEqual([
      {
        name: 'b',
        type: 'collection',
        options: { capped: false },
        info: { readOnly: false, uuid: expect.any(Binary) },
        idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
      },
    ]);
    const names = await db.ok({ listCollections: 1, nameOnly: true });
    expect(names.cursor.firstBatch).toEqual([
      { name: 'b', type: 'collection' },
      { name: 'a', type: 'collection' },
    ]);
  });

  it('drops a collection with its indexes; dropping a missing one succeeds as in MongoDB 7.0', async () => {
    await db.ok({ insert: 'c', documents: [{ _id: 1 }] });
    expect(await db.ok({ drop: 'c' })).toEqual({ nIndexesWas: 1, ns: 'test.c', ok: 1 });
    expect(await db.ok({ drop: 'c' })).toEqual({ ok: 1 });
    expect(await db.all('c')).toEqual([]);
  });

  it('lists databases from admin, and drops a database', async () => {
    await db.ok({ insert: 'c', documents: [{ a: 1 }] }, 'one');
    await db.ok({ create: 'empty' }, 'two');
    const reply = await db.ok({ listDatabases: 1 }, 'admin');
    expect(reply.databases).toEqual([
      { name: 'one', sizeOnDisk: expect.any(Number), empty: false },
      { name: 'two', sizeOnDisk: 0, empty: true },
    ]);
    expect(reply.totalSize).toBeGreaterThan(0);
    expect(
      (await db.ok({ listDatabases: 1, nameOnly: true, filter: { name: 'two' } }, 'admin'))
        .databases,
    ).toEqual([{ name: 'two' }]);
    expect(await db.ok({ dropDatabase: 1 }, 'one')).toEqual({ dropped: 'one', ok: 1 });
    expect((await db.ok({ listDatabases: 1, nameOnly: true }, 'admin')).databases).toEqual([
      { name: 'two' },
    ]);
  });

  it('only lists databases on admin [Unauthorized 13]', async () => {
    expect((await db.run({ listDatabases: 1 })).code).toBe(13);
  });
});
