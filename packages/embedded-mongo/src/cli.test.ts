import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { type Cli, runCli } from './cli.fixture';

describe('embedded-mongo CLI', () => {
  let dbPath: string;
  const running: Cli[] = [];
  const start = (args: string[]) => {
    const cli = runCli(args);
    running.push(cli);
    return cli;
  };

  beforeEach(async () => {
    dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-cli-'));
  });

  afterEach(async () => {
    for (const cli of running.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
      await cli.exited;
    }
    await rm(dbPath, { recursive: true, force: true });
  });

  it('keeps every acknowledged write when killed with SIGKILL mid-load', async () => {
    const first = start(['--port', '0', '--dbpath', dbPath]);
    // Fail fast once the server is gone instead of waiting 30 s to select it.
    const client = await MongoClient.connect(await first.uri, {
      maxPoolSize: 8,
      serverSelectionTimeoutMS: 1000,
    });
    const items = client
      .db('durable')
      .collection<{ _id: number; email: string; version: number }>('items');
    await items.createIndex({ email: 1 }, { unique: true });

    const acknowledged = new Map<number, number>();
    let next = 0;
    let killed = false;
    // Eight writers insert and update until the server dies under them.
    const writers = Array.from({ length: 8 }, async () => {
      while (!killed) {
        const id = next++;
        try {
          await items.insertOne({ _id: id, email: `${id}@x`, version: 0 });
          acknowledged.set(id, 0);
          await items.updateOne({ _id: id }, { $set: { version: 1 } });
          acknowledged.set(id, 1);
        } catch {
          return; // the server is gone; nothing after this was acknowledged
        }
        if (acknowledged.size >= 400 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(writers);
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    await client.close(true);

    const second = start(['--port', '0', '--dbpath', dbPath]);
    const reader = await MongoClient.connect(await second.uri, { maxPoolSize: 1 });
    const restored = reader.db('durable').collection<{ _id: number; version: number }>('items');
    const byId = new Map((await restored.find().toArray()).map((doc) => [doc._id, doc.version]));
    for (const [id, version] of acknowledged) {
      expect([id, byId.get(id)]).toEqual([id, expect.any(Number)]);
      expect(byId.get(id)).toBeGreaterThanOrEqual(version);
    }
    await expect(restored.indexExists('email_1')).resolves.toBe(true);
    await reader.close();
  });

  it('stops cleanly on SIGTERM: exit code 0, journal synced, lock released', async () => {
    const cli = start(['--port', '0', '--dbpath', dbPath]);
    const client = await MongoClient.connect(await cli.uri);
    await client.db('app').collection<{ _id: number }>('c').insertOne({ _id: 1 });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    await client.close(true);
    expect(cli.stderr()).toContain('"msg":"stopped"');
    await expect(access(join(dbPath, 'embedded-mongo.lock'))).rejects.toMatchObject({
      code: 'ENOENT',
    });

    const again = start(['--port', '0', '--dbpath', dbPath]);
    const reader = await MongoClient.connect(await again.uri);
    await expect(
      reader.db('app').collection<{ _id: number }>('c').findOne({ _id: 1 }),
    ).resolves.toEqual({
      _id: 1,
    });
    await reader.close();
  });

  it('refuses a second server on the same --dbpath, naming the first one’s pid', async () => {
    const first = start(['--port', '0', '--dbpath', dbPath]);
    await first.uri;
    const second = start(['--port', '0', '--dbpath', dbPath]);
    expect(await second.exited).toEqual({ code: 1, signal: null });
    expect(second.stderr()).toContain(`is in use by process ${first.child.pid}`);
  });

  it.each([
    [['--port', 'abc'], "--port must be an integer from 0 to 65535, got 'abc'"],
    [['--port', '70000'], "--port must be an integer from 0 to 65535, got '70000'"],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--dbpath'], "Option '--dbpath <value>' argument missing"],
  ])('rejects %j with a clear message and exit code 2', async (args, message) => {
    const cli = start(args);
    expect(await cli.exited).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).toContain('Usage: embedded-mongo');
  });
});
