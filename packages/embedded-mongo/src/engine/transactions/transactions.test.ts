import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Binary, type Document } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

/** A logical session id as drivers send it (a UUID). */
function lsid(n: number): Document {
  const id = Buffer.alloc(16);
  id.writeUInt32BE(n);
  return { id: new Binary(id, Binary.SUBTYPE_UUID) };
}

/**
 * Transactions through raw commands, as the driver sends them: every
 * command of a transaction carries lsid, txnNumber and autocommit: false;
 * the first also startTransaction: true.
 */
describe('transactions', () => {
  let db: EngineFixture;
  let sessions = 0;

  beforeEach(async () => {
    db = engineFixture({ transactionLifetimeLimitSeconds: 0.3 });
    await db.ok({
      insert: 'accounts',
      documents: [
        { _id: 'a', balance: 100 },
        { _id: 'b', balance: 100 },
      ],
    });
  });
  afterEach(() => db.close());

  /** A session of its own, with helpers for its transaction number `txn`. */
  function session(txn = 1) {
    const id = lsid(++sessions);
    const inTxn = (command: Document, first = false): Document => ({
      ...command,
      lsid: id,
      txnNumber: BigInt(txn),
      autocommit: false,
      ...(first ? { startTransaction: true } : {}),
    });
    return {
      id,
      start: (command: Document) => db.run(inTxn(command, true)),
      run: (command: Document) => db.run(inTxn(command)),
      commit: () => db.run(inTxn({ commitTransaction: 1 }), 'admin'),
      abort: () => db.run(inTxn({ abortTransaction: 1 }), 'admin'),
    };
  }

  const balances = async (): Promise<Document[]> => db.all('accounts');
  const update = (id: string, delta: number): Document => ({
    update: 'accounts',
    updates: [{ q: { _id: id }, u: { $inc: { balance: delta } } }],
  });

  it('shows its own writes inside, nothing outside before commit, and everything after', async () => {
    const s = session();
    expect(await s.start(update('a', -10))).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect(await s.run(update('b', 10))).toMatchObject({ ok: 1 });
    expect(await s.run({ insert: 'log', documents: [{ _id: 1, what: 'transfer' }] })).toMatchObject(
      { ok: 1 },
    );
    const inside = await s.run({ find: 'accounts', filter: {} });
    expect(inside.cursor.firstBatch).toEqual([
      { _id: 'a', balance: 90 },
      { _id: 'b', balance: 110 },
    ]);
    expect(await balances()).toEqual([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 100 },
    ]);
    expect(await db.all('log')).toEqual([]);
    expect(await s.commit()).toMatchObject({ ok: 1 });
    expect(await balances()).toEqual([
      { _id: 'a', balance: 90 },
      { _id: 'b', balance: 110 },
    ]);
    expect(await db.all('log')).toEqual([{ _id: 1, what: 'transfer' }]);
  });

  it('persists a commit as one record holding every change', async () => {
    const s = session();
    await s.start(update('a', -10));
    await s.run(update('b', 10));
    const before = db.persisted.length;
    await s.commit();
    expect(db.persisted.slice(before)).toEqual([
      [
        {
          op: 'commit',
          changes: [
            { op: 'put', db: 'test', coll: 'accounts', doc: { _id: 'a', balance: 90 } },
            { op: 'put', db: 'test', coll: 'accounts', doc: { _id: 'b', balance: 110 } },
          ],
        },
      ],
    ]);
  });

  it('leaves nothing behind when aborted, not even a collection it created', async () => {
    const s = session();
    await s.start(update('a', -10));
    await s.run({ insert: 'fresh', documents: [{ _id: 1 }] });
    expect(await s.abort()).toMatchObject({ ok: 1 });
    expect(await balances()).toEqual([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 100 },
    ]);
    const collections = await db.ok({ listCollections: 1, nameOnly: true });
    expect(collections.cursor.firstBatch.map((c: Document) => c.name)).toEqual(['accounts']);
  });

  it('reads a snapshot taken at its first operation, not later commits', async () => {
    const s = session();
    expect((await s.start({ find: 'accounts', filter: { _id: 'a' } })).cursor.firstBatch).toEqual([
      { _id: 'a', balance: 100 },
    ]);
    await db.ok(update('a', 5));
    await db.ok({ insert: 'accounts', documents: [{ _id: 'c', balance: 1 }] });
    await db.ok({ delete: 'accounts', deletes: [{ q: { _id: 'b' }, limit: 1 }] });
    const seen = await s.run({ find: 'accounts', filter: { balance: { $gte: 100 } } });
    expect(seen.cursor.firstBatch).toEqual([
      { _id: 'a', balance: 100 },
      { _id: 'b', balance: 100 },
    ]);
    expect(await s.commit()).toMatchObject({ ok: 1 });
  });

  it('lets the first writer win: a second transaction writing the same document gets WriteConflict [112] and is aborted', async () => {
    const first = session();
    const second = session();
    expect(await first.start(update('a', -10))).toMatchObject({ ok: 1 });
    expect(await second.start(update('a', -20))).toMatchObject({
      ok: 0,
      code: 112,
      codeName: 'WriteConflict',
      errorLabels: ['TransientTransactionError'],
    });
    expect(await first.commit()).toMatchObject({ ok: 1 });
    expect(await second.commit()).toMatchObject({
      ok: 0,
      code: 251,
      codeName: 'NoSuchTransaction',
      errorLabels: ['TransientTransactionError'],
    });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 90 });
  });

  it('conflicts on a document committed by someone else after its snapshot [WriteConflict 112]', async () => {
    const s = session();
    await s.start({ find: 'accounts', filter: {} });
    await db.ok(update('a', 1));
    expect(await s.run(update('a', -10))).toMatchObject({ ok: 0, code: 112 });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 101 });
  });

  it('reads a range with sort and limit over an index as its snapshot plus its own writes, and keeps the index exact after commit and abort', async () => {
    await db.ok({ createIndexes: 'items', indexes: [{ key: { score: 1 }, name: 'score_1' }] });
    await db.ok({
      insert: 'items',
      documents: [1, 2, 3, 4, 5].map((n) => ({ _id: n, score: n })),
    });
    const mine = session();
    const other = session();
    await mine.start({ insert: 'items', documents: [{ _id: 'mine', score: 2.5 }] });
    await other.start({ insert: 'items', documents: [{ _id: 'other', score: 4.5 }] });
    await db.ok({ update: 'items', updates: [{ q: { _id: 4 }, u: { $set: { score: 40 } } }] });
    await mine.run({ update: 'items', updates: [{ q: { _id: 5 }, u: { $set: { score: 0.5 } } }] });
    const ids = async (run: (command: Document) => Promise<Document>, command: Document) =>
      ((await run({ find: 'items', ...command })).cursor.firstBatch as Document[]).map(
        (doc) => doc._id,
      );
    const range = { filter: { score: { $gte: 2, $lt: 10 } } };
    expect(await ids(mine.run, { ...range, sort: { score: -1 }, limit: 3 })).toEqual([
      4,
      3,
      'mine',
    ]);
    expect(await ids(mine.run, { ...range, sort: { score: 1 }, skip: 1 })).toEqual(['mine', 3, 4]);
    expect(await ids(db.ok, { ...range, sort: { score: 1 } })).toEqual([2, 3, 5]);
    expect(await mine.commit()).toMatchObject({ ok: 1 });
    expect(await other.abort()).toMatchObject({ ok: 1 });
    expect(await ids(db.ok, { filter: { score: { $gte: 0 } }, sort: { score: 1 } })).toEqual([
      5,
      1,
      2,
      'mine',
      3,
      4,
    ]);
    expect(await ids(db.ok, { filter: { score: { $in: [4.5, 5, 0.5] } } })).toEqual([5]);
  });

  it('makes a plain write to a document an open transaction holds wait for its end, then applies it once', async () => {
    const s = session();
    await s.start(update('a', -10));
    let done = false;
    const plain = db.run(update('a', 1000)).then((reply) => {
      done = true;
      return reply;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    await s.commit();
    expect(await plain).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 1090 });
  });

  it('makes a $merge outside a transaction wait for a document an open transaction holds', async () => {
    await db.ok({ insert: 'bonus', documents: [{ _id: 'a', balance: 7 }] });
    const s = session();
    await s.start(update('a', -10));
    let done = false;
    const merge = db
      .run({
        aggregate: 'bonus',
        pipeline: [{ $merge: { into: 'accounts', whenMatched: 'merge' } }],
        cursor: {},
      })
      .then((reply) => {
        done = true;
        return reply;
      });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(done).toBe(false);
    await s.commit();
    expect(await merge).toMatchObject({ ok: 1 });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 7 });
  });

  it('gives up waiting after maxTimeMS [MaxTimeMSExpired 50]', async () => {
    const s = session();
    await s.start(update('a', -10));
    expect(await db.run({ ...update('a', 1), maxTimeMS: 20 })).toMatchObject({
      ok: 0,
      code: 50,
      codeName: 'MaxTimeMSExpired',
    });
    await s.abort();
    expect(await balances()).toContainEqual({ _id: 'a', balance: 100 });
  });

  it('enforces unique indexes against other open transactions [WriteConflict 112] and committed data [DuplicateKey 11000]', async () => {
    await db.ok({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({ insert: 'users', documents: [{ _id: 1, email: 'taken@x' }] });
    const first = session();
    const second = session();
    expect(
      await first.start({ insert: 'users', documents: [{ _id: 2, email: 'new@x' }] }),
    ).toMatchObject({ ok: 1 });
    expect(
      await second.start({ insert: 'users', documents: [{ _id: 3, email: 'new@x' }] }),
    ).toMatchObject({
      ok: 0,
      code: 112,
    });
    expect(
      await first.run({ insert: 'users', documents: [{ _id: 4, email: 'taken@x' }] }),
    ).toMatchObject({
      ok: 0,
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'taken@x' },
    });
    expect(await db.all('users')).toEqual([{ _id: 1, email: 'taken@x' }]);
  });

  it('lets a transaction swap unique values between its documents', async () => {
    await db.ok({
      createIndexes: 'users',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await db.ok({
      insert: 'users',
      documents: [
        { _id: 1, email: 'a@x' },
        { _id: 2, email: 'b@x' },
      ],
    });
    const s = session();
    const set = (id: number, email: string) => ({
      update: 'users',
      updates: [{ q: { _id: id }, u: { $set: { email } } }],
    });
    expect(await s.start(set(1, 'tmp@x'))).toMatchObject({ ok: 1 });
    expect(await s.run(set(2, 'a@x'))).toMatchObject({ ok: 1 });
    expect(await s.run(set(1, 'b@x'))).toMatchObject({ ok: 1 });
    expect(await s.commit()).toMatchObject({ ok: 1 });
    expect(await db.all('users')).toEqual([
      { _id: 1, email: 'b@x' },
      { _id: 2, email: 'a@x' },
    ]);
  });

  it('answers a retried commit again and refuses to abort a committed transaction [TransactionCommitted 256]', async () => {
    const s = session();
    await s.start(update('a', -10));
    expect(await s.commit()).toMatchObject({ ok: 1 });
    expect(await s.commit()).toMatchObject({ ok: 1 });
    expect(await s.abort()).toMatchObject({ ok: 0, code: 256, codeName: 'TransactionCommitted' });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 90 });
  });

  it('answers NoSuchTransaction [251] for a commit after an abort and for an unknown transaction', async () => {
    const s = session();
    await s.start(update('a', -10));
    await s.abort();
    expect(await s.commit()).toMatchObject({
      ok: 0,
      code: 251,
      errorLabels: ['TransientTransactionError'],
    });
    const unknown = session(7);
    expect(await unknown.run({ find: 'accounts' })).toMatchObject({
      ok: 0,
      code: 251,
      codeName: 'NoSuchTransaction',
      errorLabels: ['TransientTransactionError'],
    });
  });

  it('refuses a transaction number lower than the session’s [TransactionTooOld 225] and a reused one [117]', async () => {
    const id = lsid(1000);
    const command = (txnNumber: bigint) => ({
      find: 'accounts',
      lsid: id,
      txnNumber,
      autocommit: false,
      startTransaction: true,
    });
    expect(await db.run(command(5n))).toMatchObject({ ok: 1 });
    expect(await db.run(command(4n))).toMatchObject({
      ok: 0,
      code: 225,
      codeName: 'TransactionTooOld',
    });
    expect(await db.run(command(5n))).toMatchObject({
      ok: 0,
      code: 117,
      codeName: 'ConflictingOperationInProgress',
    });
  });

  it('refuses commands mongod does not run in a transaction [OperationNotSupportedInTransaction 263], aborting it', async () => {
    const s = session();
    await s.start(update('a', -10));
    expect(await s.run({ count: 'accounts' })).toMatchObject({
      ok: 0,
      code: 263,
      codeName: 'OperationNotSupportedInTransaction',
      errmsg: "Cannot run 'count' in a multi-document transaction.",
    });
    expect(await s.commit()).toMatchObject({ ok: 0, code: 251 });
    const other = session();
    expect(
      await other.start({ createIndexes: 'accounts', indexes: [{ key: { x: 1 }, name: 'x_1' }] }),
    ).toMatchObject({ ok: 0, code: 263 });
    for (const command of [{ drop: 'accounts' }, { listCollections: 1 }]) {
      expect(await session().start(command)).toMatchObject({ ok: 0, code: 263 });
    }
  });

  it('creates a collection and its indexes inside a transaction', async () => {
    const s = session();
    expect(
      await s.start({
        createIndexes: 'fresh',
        indexes: [{ key: { k: 1 }, name: 'k_1', unique: true }],
      }),
    ).toMatchObject({ ok: 1, createdCollectionAutomatically: true });
    expect(await s.run({ insert: 'fresh', documents: [{ _id: 1, k: 1 }] })).toMatchObject({
      ok: 1,
    });
    expect(await s.run({ insert: 'fresh', documents: [{ _id: 2, k: 1 }] })).toMatchObject({
      ok: 0,
      code: 11000,
    });
  });

  it('refuses a write concern inside and a read concern level outside local/majority/snapshot [InvalidOptions 72]', async () => {
    const s = session();
    await s.start(update('a', -10));
    expect(await s.run({ ...update('b', 10), writeConcern: { w: 1 } })).toMatchObject({
      ok: 0,
      code: 72,
    });
    expect(
      await session().start({ find: 'accounts', readConcern: { level: 'available' } }),
    ).toMatchObject({ ok: 0, code: 72, codeName: 'InvalidOptions' });
  });

  it('runs commitTransaction only on admin [Unauthorized 13]', async () => {
    const s = session();
    await s.start(update('a', -10));
    expect(
      await db.run({ commitTransaction: 1, lsid: s.id, txnNumber: 1n, autocommit: false }, 'test'),
    ).toMatchObject({ ok: 0, code: 13 });
  });

  it('aborts a transaction older than the lifetime limit; its later operations get NoSuchTransaction [251]', async () => {
    const s = session();
    await s.start(update('a', -10));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await s.run(update('b', 10))).toMatchObject({
      ok: 0,
      code: 251,
      errorLabels: ['TransientTransactionError'],
    });
    // Its lock is gone with it: a plain write does not wait.
    expect(await db.run(update('a', 1))).toMatchObject({ ok: 1, nModified: 1 });
    expect(await s.commit()).toMatchObject({ ok: 0, code: 251 });
  });

  it('refuses to commit more than one journal record can hold [TransactionTooLarge 334], committing nothing', async () => {
    const s = session();
    const big = 'x'.repeat(13 * 1024 * 1024);
    expect(await s.start({ insert: 'big', documents: [{ _id: 0, big }] })).toMatchObject({ ok: 1 });
    for (let i = 1; i < 4; i++) await s.run({ insert: 'big', documents: [{ _id: i, big }] });
    expect(await s.commit()).toMatchObject({ ok: 0, code: 334, codeName: 'TransactionTooLarge' });
    expect(await db.all('big')).toEqual([]);
  });

  it('aborts the open transaction of an ended session', async () => {
    const s = session();
    await s.start(update('a', -10));
    await db.ok({ endSessions: [s.id] }, 'admin');
    expect(await db.run(update('a', 1))).toMatchObject({ ok: 1, nModified: 1 });
    expect(await s.commit()).toMatchObject({ ok: 0, code: 251 });
    expect(await balances()).toContainEqual({ _id: 'a', balance: 101 });
  });
});

describe('retryable writes', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture();
  });
  afterEach(() => db.close());

  it('applies a write retried with the same session and txnNumber once, answering the first reply again', async () => {
    const id = lsid(1);
    const insert = { insert: 'c', documents: [{ _id: 1 }], lsid: id, txnNumber: 1n };
    const first = await db.run(insert);
    expect(first).toMatchObject({ ok: 1, n: 1 });
    expect(await db.run(insert)).toEqual(first);
    const increment = {
      update: 'c',
      updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }],
      lsid: id,
      txnNumber: 2n,
    };
    await db.ok(increment);
    await db.ok(increment);
    expect(await db.all('c')).toEqual([{ _id: 1, n: 1 }]);
  });

  it('refuses a txnNumber lower than the session’s last [TransactionTooOld 225]', async () => {
    const id = lsid(2);
    await db.ok({ insert: 'c', documents: [{ _id: 1 }], lsid: id, txnNumber: 5n });
    expect(
      await db.run({ insert: 'c', documents: [{ _id: 2 }], lsid: id, txnNumber: 4n }),
    ).toMatchObject({ ok: 0, code: 225, codeName: 'TransactionTooOld' });
    expect(await db.all('c')).toEqual([{ _id: 1 }]);
  });

  it('keeps sessions apart: the same txnNumber on another session is a new write', async () => {
    await db.ok({ insert: 'c', documents: [{ _id: 1 }], lsid: lsid(3), txnNumber: 1n });
    await db.ok({ insert: 'c', documents: [{ _id: 2 }], lsid: lsid(4), txnNumber: 1n });
    expect(await db.all('c')).toHaveLength(2);
  });

  it('refuses a txnNumber on a command that is not a retryable write [NotARetryableWriteCommand 50768]', async () => {
    expect(await db.run({ find: 'c', lsid: lsid(5), txnNumber: 1n })).toMatchObject({
      ok: 0,
      code: 50768,
      codeName: 'NotARetryableWriteCommand',
    });
  });
});
