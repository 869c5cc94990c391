import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('server commands', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture({ connectionStats: () => ({ current: 3, totalCreated: 9 }) });
  });
  afterEach(() => db.close());

  it('answers hello as a writable MongoDB 7.0 standalone', async () => {
    const reply = await db.ok({ hello: 1, helloOk: true, client: { driver: { name: 'x' } } });
    expect(reply).toMatchObject({
      helloOk: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      logicalSessionTimeoutMinutes: 30,
      connectionId: 7,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
    });
    expect(reply.localTime).toBeInstanceOf(Date);
    // No topologyVersion: drivers must poll rather than stream hello.
    expect(reply.topologyVersion).toBeUndefined();
  });

  it('answers the legacy isMaster and ismaster with ismaster, and helloOk only when asked', async () => {
    for (const name of ['isMaster', 'ismaster']) {
      const reply = await db.ok({ [name]: 1 });
      expect(reply.ismaster).toBe(true);
      expect(reply.helloOk).toBeUndefined();
    }
  });

  it('unwraps a legacy OP_QUERY $query command', async () => {
    const reply = await db.ok({ $query: { isMaster: 1 }, $readPreference: { mode: 'primary' } });
    expect(reply.ismaster).toBe(true);
  });

  it('reports version 7.0.0 in buildInfo and answers ping and endSessions', async () => {
    expect(await db.ok({ buildInfo: 1 }, 'admin')).toMatchObject({
      version: '7.0.0',
      versionArray: [7, 0, 0, 0],
    });
    expect(await db.ok({ ping: 1, lsid: { id: 'x' } })).toEqual({ ok: 1 });
    expect(await db.ok({ endSessions: [{ id: 'x' }] }, 'admin')).toEqual({ ok: 1 });
  });

  it('reports serverStatus with the connection counts the wire layer gives', async () => {
    const reply = await db.ok({ serverStatus: 1 }, 'admin');
    expect(reply).toMatchObject({
      version: '7.0.0',
      process: 'mongod',
      connections: { current: 3 },
    });
    expect(typeof reply.host).toBe('string');
    expect(reply.localTime).toBeInstanceOf(Date);
  });

  it('rejects an unknown command [CommandNotFound 59]', async () => {
    expect(await db.run({ frobnicate: 1 })).toEqual({
      ok: 0,
      errmsg: "no such command: 'frobnicate'",
      code: 59,
      codeName: 'CommandNotFound',
    });
  });

  it('rejects transaction numbers as a standalone does [IllegalOperation 20]', async () => {
    const reply = await db.run({
      insert: 'c',
      documents: [{ a: 1 }],
      lsid: { id: 'x' },
      txnNumber: 1n,
      startTransaction: true,
      autocommit: false,
    });
    expect(reply).toMatchObject({
      ok: 0,
      code: 20,
      codeName: 'IllegalOperation',
      errmsg: 'Transaction numbers are only allowed on a replica set member or mongos',
    });
    expect(await db.all('c')).toEqual([]);
  });
});
