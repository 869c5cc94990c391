import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Binary, Long, ObjectId, Timestamp } from 'bson';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('server commands', () => {
  let db: EngineFixture;
  beforeEach(() => {
    db = engineFixture({ connectionStats: () => ({ current: 3, totalCreated: 9 }) });
  });
  afterEach(() => db.close());

  it('answers hello as the writable primary of a one-member MongoDB 7.0 replica set', async () => {
    const reply = await db.ok({ hello: 1, helloOk: true, client: { driver: { name: 'x' } } });
    expect(reply).toMatchObject({
      helloOk: true,
      isWritablePrimary: true,
      secondary: false,
      setName: 'rs0',
      setVersion: 1,
      hosts: ['127.0.0.1:27017'],
      primary: '127.0.0.1:27017',
      me: '127.0.0.1:27017',
      electionId: expect.any(ObjectId),
      lastWrite: {
        opTime: { ts: expect.any(Timestamp), t: 1n },
        lastWriteDate: expect.any(Date),
        majorityOpTime: { ts: expect.any(Timestamp), t: 1n },
        majorityWriteDate: expect.any(Date),
      },
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

  it('stamps every reply, errors included, with the cluster time of the last write', async () => {
    const context = { connectionId: 1 };
    const before = await db.engine.runCommand('test', { ping: 1 }, context);
    expect(before).toMatchObject({
      $clusterTime: {
        clusterTime: expect.any(Timestamp),
        signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(0) },
      },
      operationTime: expect.any(Timestamp),
    });
    const write = await db.engine.runCommand('test', { insert: 'c', documents: [{}] }, context);
    expect((write.operationTime as Timestamp).greaterThan(before.operationTime as Timestamp)).toBe(
      true,
    );
    const error = await db.engine.runCommand('test', { frobnicate: 1 }, context);
    expect(error).toMatchObject({ ok: 0, operationTime: write.operationTime });
  });

  it('answers replSetGetStatus with its one healthy primary member', async () => {
    expect(await db.ok({ replSetGetStatus: 1 }, 'admin')).toMatchObject({
      set: 'rs0',
      myState: 1,
      members: [
        {
          name: '127.0.0.1:27017',
          health: 1,
          state: 1,
          stateStr: 'PRIMARY',
          optime: { ts: expect.any(Timestamp), t: 1n },
        },
      ],
    });
  });
});
