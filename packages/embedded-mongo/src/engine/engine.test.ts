import { afterEach, describe, expect, it } from '@jest/globals';
import type { Document } from 'bson';
import { createEngine } from './engine';
import { engineFixture, type EngineFixture } from './engine.fixture';
import type { Change, Engine } from './types';

const context = { connectionId: 1 };

describe('engine persistence', () => {
  let engine: Engine | undefined;
  afterEach(() => engine?.close());

  it('hands a command’s changes to the persistence synchronously and replies only once they are written', async () => {
    const writes: (readonly Change[])[] = [];
    let release: () => void = () => undefined;
    engine = createEngine({
      persistence: {
        write: (changes) => {
          writes.push(changes);
          return new Promise((resolve) => (release = resolve));
        },
      },
    });
    let replied = false;
    const pending = engine
      .runCommand('test', { insert: 'c', documents: [{ _id: 1 }] }, context)
      .then((reply) => {
        replied = true;
        return reply;
      });
    expect(writes).toHaveLength(1);
    await new Promise(setImmediate);
    expect(replied).toBe(false);
    release();
    expect(await pending).toMatchObject({ n: 1, ok: 1 });
  });

  it('does not call the persistence for reads or for writes that changed nothing', async () => {
    const writes: (readonly Change[])[] = [];
    engine = createEngine({ persistence: { write: async (changes) => void writes.push(changes) } });
    await engine.runCommand('test', { insert: 'c', documents: [{ _id: 1 }] }, context);
    await engine.runCommand('test', { find: 'c' }, context);
    await engine.runCommand('test', { insert: 'c', documents: [{ _id: 1 }] }, context);
    await engine.runCommand(
      'test',
      { update: 'c', updates: [{ q: { _id: 2 }, u: { $set: { a: 1 } } }] },
      context,
    );
    expect(writes).toHaveLength(1);
  });

  it('answers InternalError when the persistence fails [InternalError 1]', async () => {
    engine = createEngine({ persistence: { write: () => Promise.reject(new Error('disk full')) } });
    const reply = await engine.runCommand(
      'test',
      { insert: 'c', documents: [{ _id: 1 }] },
      context,
    );
    expect(reply).toMatchObject({ ok: 0, code: 1, codeName: 'InternalError' });
    expect(reply.errmsg).toContain('disk full');
  });
});

describe('engine snapshot and replay', () => {
  let source: EngineFixture;
  let copy: EngineFixture;
  afterEach(() => {
    source.close();
    copy.close();
  });

  async function populate(db: EngineFixture): Promise<void> {
    await db.ok({ create: 'users', validationLevel: 'moderate' });
    await db.ok({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({
      insert: 'users',
      documents: [
        { _id: 1, email: 'a', n: 1n },
        { _id: 2, email: 'b' },
      ],
    });
    await db.ok({ update: 'users', updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }] });
    await db.ok({ delete: 'users', deletes: [{ q: { _id: 2 }, limit: 1 }] });
    await db.ok({ insert: 'gone', documents: [{}] });
    await db.ok({ drop: 'gone' });
    await db.ok({ insert: 'logs', documents: [{ _id: 'x' }] }, 'other');
  }

  async function state(db: EngineFixture): Promise<Document> {
    return {
      users: await db.all('users'),
      indexes: (await db.ok({ listIndexes: 'users', cursor: {} })).cursor.firstBatch,
      collections: (await db.ok({ listCollections: 1, nameOnly: true })).cursor.firstBatch,
      other: await db.all('logs', 'other'),
    };
  }

  it('rebuilds the same state from snapshot()', async () => {
    source = engineFixture();
    await populate(source);
    copy = engineFixture();
    copy.engine.apply(source.engine.snapshot());
    expect(await state(copy)).toEqual(await state(source));
    expect(copy.persisted).toEqual([]);
    // The replayed unique index is enforced.
    expect(
      (await copy.ok({ insert: 'users', documents: [{ email: 'a' }] })).writeErrors[0].code,
    ).toBe(11000);
  });

  it('rebuilds the same state by replaying the persisted changes in order', async () => {
    source = engineFixture();
    await populate(source);
    copy = engineFixture();
    copy.engine.apply(source.persisted.flat());
    expect(await state(copy)).toEqual(await state(source));
  });
});
