import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoServerError, type Db, type Document } from 'mongodb';
import mongoose, { Schema } from 'mongoose';
import { startDriverFixture, type DriverFixture } from '../driver.fixture';

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected the command to fail');
    },
    (error: unknown) => error,
  );

const members = [
  { _id: 1, name: 'ann', team: 'red', score: 30, tags: ['a', 'b'], secret: 'x' },
  { _id: 2, name: 'bob', team: 'blue', score: 12, tags: ['b'], secret: 'y' },
  { _id: 3, name: 'cid', team: 'red', score: 8, tags: [], secret: 'z' },
  { _id: 4, name: 'dee', team: 'red', score: 50, tags: ['c'], secret: 'w' },
];

/** A view that hides `secret` and keeps the red team. */
const RED_TEAM = [{ $match: { team: 'red' } }, { $project: { secret: 0 } }];

describe('read-only views', () => {
  let fixture: DriverFixture;
  let db: Db;

  beforeAll(async () => {
    fixture = await startDriverFixture();
  });
  afterAll(() => fixture?.stop());
  beforeEach(async () => {
    db = fixture.freshDb('views');
    await db.collection('members').insertMany(members as Document[]);
    await db.createCollection('red', { viewOn: 'members', pipeline: RED_TEAM });
  });

  it('is listed by listCollections with type view and its definition', async () => {
    const infos = await db.listCollections({}, { nameOnly: false }).toArray();
    expect(infos.find((info) => info.name === 'red')).toEqual({
      name: 'red',
      type: 'view',
      options: { viewOn: 'members', pipeline: RED_TEAM },
      info: { readOnly: true },
    });
    const names = await db.listCollections({ type: 'view' }, { nameOnly: true }).toArray();
    expect(names).toEqual([{ name: 'red', type: 'view' }]);
  });

  it('answers find with filter, sort, skip, limit and projection over its pipeline', async () => {
    const red = db.collection('red');
    expect(await red.find().toArray()).toEqual(
      members.filter((m) => m.team === 'red').map(({ secret: _, ...rest }) => rest),
    );
    const page = await red
      .find({ score: { $gt: 5 } }, { projection: { name: 1, _id: 0 } })
      .sort({ score: -1 })
      .skip(1)
      .limit(2)
      .toArray();
    expect(page).toEqual([{ name: 'ann' }, { name: 'cid' }]);
    expect(await red.findOne({ name: 'bob' })).toBeNull();
  });

  it('iterates a view cursor over several batches', async () => {
    const names = await db
      .collection('red')
      .find({}, { batchSize: 1 })
      .map((m) => m.name)
      .toArray();
    expect(names).toEqual(['ann', 'cid', 'dee']);
  });

  it('answers aggregate, countDocuments, estimatedDocumentCount and distinct', async () => {
    const red = db.collection('red');
    expect(
      await red.aggregate([{ $group: { _id: null, total: { $sum: '$score' } } }]).toArray(),
    ).toEqual([{ _id: null, total: 88 }]);
    expect(await red.countDocuments({ score: { $gte: 30 } })).toBe(2);
    expect(await red.estimatedDocumentCount()).toBe(3);
    expect(await red.distinct('tags')).toEqual(['a', 'b', 'c']);
    expect(await red.distinct('secret')).toEqual([]);
  });

  it('resolves views on views, and $lookup and $unionWith from a view', async () => {
    await db.createCollection('redStars', {
      viewOn: 'red',
      pipeline: [{ $match: { score: { $gte: 30 } } }],
    });
    expect((await db.collection('redStars').find().toArray()).map((m) => m.name)).toEqual([
      'ann',
      'dee',
    ]);
    expect(await db.collection('redStars').estimatedDocumentCount()).toBe(2);
    const joined = await db
      .collection('members')
      .aggregate([
        { $match: { _id: 1 } },
        { $lookup: { from: 'redStars', localField: 'team', foreignField: 'team', as: 'stars' } },
        { $project: { stars: '$stars.name' } },
      ])
      .toArray();
    expect(joined).toEqual([{ _id: 1, stars: ['ann', 'dee'] }]);
    const union = await db
      .collection('members')
      .aggregate([{ $match: { _id: 2 } }, { $unionWith: 'redStars' }, { $project: { name: 1 } }])
      .toArray();
    expect(union.map((m) => m.name)).toEqual(['bob', 'ann', 'dee']);
  });

  it('follows changes of the underlying collection', async () => {
    await db.collection('members').insertOne({ _id: 5, name: 'eve', team: 'red' } as Document);
    expect(await db.collection('red').countDocuments()).toBe(4);
  });

  const notACollection = (db: Db) => `Namespace ${db.databaseName}.red is a view, not a collection`;
  it.each([
    ['insertOne', (db: Db) => db.collection('red').insertOne({ name: 'x' }), notACollection],
    [
      'updateOne',
      (db: Db) => db.collection('red').updateOne({}, { $set: { a: 1 } }),
      notACollection,
    ],
    ['deleteMany', (db: Db) => db.collection('red').deleteMany({}), notACollection],
    [
      'findOneAndUpdate',
      (db: Db) => db.collection('red').findOneAndUpdate({}, { $set: { a: 1 } }),
      notACollection,
    ],
    [
      '$out into it',
      (db: Db) =>
        db
          .collection('members')
          .aggregate([{ $out: 'red' }])
          .toArray(),
      notACollection,
    ],
    [
      '$merge into it',
      (db: Db) =>
        db
          .collection('members')
          .aggregate([{ $merge: 'red' }])
          .toArray(),
      notACollection,
    ],
    [
      'createIndex',
      (db: Db) => db.collection('red').createIndex({ name: 1 }),
      () => 'Cannot create indexes on a view',
    ],
  ])('refuses %s [CommandNotSupportedOnView 166]', async (_, write, message) => {
    const error = await failure(write(db));
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({
      code: 166,
      codeName: 'CommandNotSupportedOnView',
      message: message(db),
    });
    expect(await db.collection('members').countDocuments()).toBe(4);
  });

  it('is dropped by drop, leaving the collection', async () => {
    expect(await db.collection('red').drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((info) => info.name)).toEqual(['members']);
    expect(await db.collection('red').countDocuments()).toBe(0);
  });

  it('goes with its database on dropDatabase, even when only views are left', async () => {
    await db.collection('members').drop();
    expect((await db.admin().listDatabases()).databases.map((d) => d.name)).toContain(
      db.databaseName,
    );
    await db.dropDatabase();
    expect(await db.listCollections().toArray()).toEqual([]);
  });

  it('refuses a name that is taken, a view cycle, unknown or writing stages in its pipeline and a pipeline without viewOn', async () => {
    await expect(failure(db.createCollection('members', { viewOn: 'red' }))).resolves.toMatchObject(
      { code: 48, codeName: 'NamespaceExists' },
    );
    await db.createCollection('a', { viewOn: 'b' });
    await expect(failure(db.createCollection('b', { viewOn: 'a' }))).resolves.toMatchObject({
      code: 93,
      codeName: 'GraphContainsCycle',
    });
    await expect(
      failure(db.createCollection('bad', { viewOn: 'members', pipeline: [{ $out: 'x' }] })),
    ).resolves.toMatchObject({ code: 167, codeName: 'OptionNotSupportedOnView' });
    await expect(
      failure(db.createCollection('bad', { pipeline: [] } as Document)),
    ).resolves.toMatchObject({ code: 72, codeName: 'InvalidOptions' });
    await expect(
      failure(db.createCollection('bad', { viewOn: 'members', pipeline: [{ $nope: 1 }] })),
    ).resolves.toMatchObject({ code: 40324 });
    expect((await db.listCollections().toArray()).map((info) => info.name).sort()).toEqual([
      'a',
      'members',
      'red',
    ]);
  });

  it('works as a mongoose model created with viewOn', async () => {
    const connection = await mongoose
      .createConnection(fixture.server.uri, { dbName: db.databaseName })
      .asPromise();
    try {
      const RedTeam = connection.model(
        'RedTeam',
        new Schema({ name: String, score: Number }, { autoCreate: false, autoIndex: false }),
        'redTeam',
      );
      await RedTeam.createCollection({ viewOn: 'members', pipeline: RED_TEAM });
      const top = await RedTeam.find({ score: { $gte: 30 } })
        .sort({ score: 1 })
        .lean();
      expect(top.map((m) => m.name)).toEqual(['ann', 'dee']);
      expect(await RedTeam.countDocuments()).toBe(3);
      await expect(RedTeam.create({ name: 'x' })).rejects.toMatchObject({ code: 166 });
    } finally {
      await connection.close();
    }
  });
});

describe('views across restarts', () => {
  it('survive in the journal and in the snapshot', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-views-'));
    const start = () => startDriverFixture({ dbPath, compactJournalAfterBytes: 4 * 1024 });
    try {
      const first = await start();
      const db = first.client.db('app');
      await db.collection('members').insertMany(members as Document[]);
      await db.createCollection('red', { viewOn: 'members', pipeline: RED_TEAM });
      await db.createCollection('gone', { viewOn: 'members' });
      await db.collection('gone').drop();
      await first.stop();

      const second = await start();
      const again = second.client.db('app');
      expect(await again.collection('red').countDocuments()).toBe(3);
      // Enough writes to compact the journal into a snapshot that must hold the view.
      for (let round = 0; round < 10; round++) {
        await again
          .collection('filler')
          .insertMany(Array.from({ length: 5 }, (_, i) => ({ i, pad: 'x'.repeat(200) })));
      }
      await second.stop();
      expect(await readdir(dbPath)).toContain('snapshot.bson');

      const third = await start();
      const names = await third.client.db('app').listCollections({ type: 'view' }).toArray();
      expect(names.map((info) => info.name)).toEqual(['red']);
      expect(await third.client.db('app').collection('red').estimatedDocumentCount()).toBe(3);
      await third.stop();
    } finally {
      await rm(dbPath, { recursive: true, force: true });
    }
  });
});
