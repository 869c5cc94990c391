import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Document } from 'bson';
import { MongoClient } from 'mongodb';
import type { CommandContext, Engine } from '../engine/types';
import { listen, type WireListener } from './listener';
import type { LogFields, Logger } from './logger';
import { MAX_MESSAGE_OBJECT_BYTES, OP_MSG, OP_REPLY } from './protocol';
import { opMsg, opQuery, RawClient } from './raw-client.fixture';

/**
 * Framing and connection behaviour, driven through a stand-in engine that only
 * answers the handshake and echoes commands: the command layer is tested on
 * its own in src/engine.
 */
class EchoEngine implements Engine {
  readonly seen: string[] = [];
  private release: (() => void) | undefined;
  private onBlocked: (() => void) | undefined;

  /** Resolves when a `{ block: 1 }` command is waiting for `unblock()`. */
  blocked(): Promise<void> {
    return new Promise((resolve) => (this.onBlocked = resolve));
  }

  unblock(): void {
    this.release?.();
  }

  async runCommand(db: string, command: Document, context: CommandContext): Promise<Document> {
    const name = Object.keys(command)[0];
    this.seen.push(name);
    if (name === 'hello' || name === 'isMaster' || name === 'ismaster') {
      return {
        helloOk: true,
        ismaster: true,
        isWritablePrimary: true,
        maxBsonObjectSize: 16777216,
        maxMessageSizeBytes: 48000000,
        maxWriteBatchSize: 100000,
        localTime: new Date(),
        logicalSessionTimeoutMinutes: 30,
        connectionId: context.connectionId,
        minWireVersion: 0,
        maxWireVersion: 21,
        readOnly: false,
        ok: 1,
      };
    }
    if (name === 'block') {
      await new Promise<void>((resolve) => {
        this.release = resolve;
        this.onBlocked?.();
      });
    }
    if (name === 'work') {
      // Uneven service times, so replies would overtake each other if order were not kept.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
    }
    return { ok: 1, db, echo: command, connectionId: context.connectionId };
  }

  apply(): void {}
  snapshot(): Iterable<never> {
    return [];
  }
  close(): void {}
}

class CapturingLogger implements Logger {
  readonly entries: { level: string; fields: LogFields; message: string }[] = [];
  info(fields: LogFields, message: string) {
    this.entries.push({ level: 'info', fields, message });
  }
  warn(fields: LogFields, message: string) {
    this.entries.push({ level: 'warn', fields, message });
  }
  error(fields: LogFields, message: string) {
    this.entries.push({ level: 'error', fields, message });
  }
  reasons(): unknown[] {
    return this.entries.filter((entry) => entry.level === 'warn').map((e) => e.fields.reason);
  }
}

describe('wire listener', () => {
  const engine = new EchoEngine();
  const logger = new CapturingLogger();
  let listener: WireListener;
  let driver: MongoClient;

  beforeAll(async () => {
    listener = await listen(engine, { host: '127.0.0.1', port: 0, logger });
    driver = await MongoClient.connect(`mongodb://127.0.0.1:${listener.port}/`, {
      maxPoolSize: 1,
    });
  });

  afterAll(async () => {
    await driver.close();
    await listener.close();
  });

  it('completes the official driver handshake and runs a command over OP_MSG', async () => {
    await expect(driver.db('app').command({ ping: 1 })).resolves.toMatchObject({
      ok: 1,
      db: 'app',
    });
  });

  it('answers a legacy OP_QUERY isMaster on admin.$cmd with OP_REPLY', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(opQuery('admin.$cmd', { isMaster: 1 }, 77));
    const reply = await client.next();
    expect(reply).toMatchObject({ opCode: OP_REPLY, responseTo: 77 });
    expect(reply?.document).toMatchObject({ ismaster: true, maxWireVersion: 21, ok: 1 });
    await client.close();
  });

  it('unwraps a $query-wrapped OP_QUERY handshake and takes the db from the namespace', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(opQuery('other.$cmd', { $query: { buildInfo: 1 }, $readPreference: {} }));
    expect((await client.next())?.document).toMatchObject({ db: 'other', echo: { buildInfo: 1 } });
    await client.close();
  });

  it('refuses other commands over OP_QUERY as mongod 6+ does [UnsupportedOpQueryCommand 352]', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(opQuery('app.$cmd', { find: 'users' }));
    expect((await client.next())?.document).toMatchObject({
      ok: 0,
      code: 352,
      codeName: 'UnsupportedOpQueryCommand',
    });
    client.send(opQuery('app.users', { name: 'x' }));
    expect((await client.next())?.document).toMatchObject({ ok: 0, code: 352 });
    await client.close();
  });

  it('merges OP_MSG document sequences into the command as arrays under their identifier', async () => {
    const client = await RawClient.connect(listener.port);
    const reply = await client.command(
      { insert: 'users', $db: 'app' },
      { sequences: [['documents', [{ a: 1 }, { a: 2 }]]] },
    );
    expect(reply?.echo).toEqual({ insert: 'users', $db: 'app', documents: [{ a: 1 }, { a: 2 }] });
    await client.close();
  });

  it('verifies an OP_MSG checksum and accepts the exhaustAllowed bit', async () => {
    const client = await RawClient.connect(listener.port);
    const reply = await client.command(
      { ping: 1, $db: 'app' },
      { checksum: 'valid', flags: 1 << 16 },
    );
    expect(reply).toMatchObject({ ok: 1 });
    client.send(opMsg({ ping: 1, $db: 'app' }, { checksum: 'corrupt' }));
    await client.closed;
    expect(logger.reasons()).toContain('OP_MSG checksum does not match contents');
  });

  it('sends no reply to a moreToCome message but still runs it, in order', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(opMsg({ unacknowledged: 1, $db: 'app' }, { flags: 2, requestId: 10 }));
    client.send(opMsg({ ping: 1, $db: 'app' }, { requestId: 11 }));
    // The first reply on the wire answers the second request.
    expect((await client.next())?.responseTo).toBe(11);
    expect(engine.seen.slice(-2)).toEqual(['unacknowledged', 'ping']);
    await client.close();
  });

  it('keeps replies in request order when an earlier command is slower', async () => {
    const client = await RawClient.connect(listener.port);
    const blocked = engine.blocked();
    client.send(
      Buffer.concat([
        opMsg({ block: 1, $db: 'app' }, { requestId: 1 }),
        opMsg({ ping: 1, $db: 'app' }, { requestId: 2 }),
      ]),
    );
    await blocked;
    // The fast command has not even started: commands on one connection run one at a time.
    expect(engine.seen.at(-1)).toBe('block');
    engine.unblock();
    expect((await client.next())?.responseTo).toBe(1);
    expect((await client.next())?.responseTo).toBe(2);
    await client.close();
  });

  it('serves many connections at once, each getting its own replies in order', async () => {
    const clients = await Promise.all(
      Array.from({ length: 40 }, () => RawClient.connect(listener.port)),
    );
    const results = await Promise.all(
      clients.map(async (client, c) => {
        const requests = Array.from({ length: 25 }, (_, i) =>
          opMsg({ work: c, step: i, $db: 'app' }, { requestId: c * 1000 + i }),
        );
        client.send(Buffer.concat(requests));
        const replies = [];
        for (let i = 0; i < requests.length; i++) replies.push(await client.next());
        await client.close();
        return replies.map((reply) => [reply?.responseTo, reply?.document.echo.step]);
      }),
    );
    results.forEach((replies, c) =>
      expect(replies).toEqual(Array.from({ length: 25 }, (_, i) => [c * 1000 + i, i])),
    );
  });

  it('pauses reading a client that pipelines past the backlog bound, then resumes and answers all in order', async () => {
    const client = await RawClient.connect(listener.port);
    const batch = (from: number, count: number) =>
      Buffer.concat(
        Array.from({ length: count }, (_, i) =>
          opMsg({ work: 1, $db: 'app' }, { requestId: from + i }),
        ),
      );
    client.send(batch(0, 300)); // well past the 64 queued messages that pause reading
    const answered = [(await client.next())?.responseTo];
    // Arrives while reading is paused: only read again if the socket resumes.
    client.send(batch(300, 10));
    for (let i = 1; i < 310; i++) answered.push((await client.next())?.responseTo);
    expect(answered).toEqual(Array.from({ length: 310 }, (_, i) => i));
    await client.close();
  });

  it('answers a document over the size limit with MongoDB’s error and keeps the connection [BSONObjectTooLarge 10334]', async () => {
    const client = await RawClient.connect(listener.port);
    const big = { insert: 'users', $db: 'app', pad: 'x'.repeat(MAX_MESSAGE_OBJECT_BYTES) };
    const reply = await client.command(big);
    expect(reply).toMatchObject({ ok: 0, code: 10334, codeName: 'BSONObjectTooLarge' });
    expect(reply?.errmsg).toMatch(
      /^BSONObj size: \d+ \(0x[0-9A-F]+\) is invalid\. Size must be between 0 and 16793600\(16MB\) First element: insert: "users"$/,
    );
    await expect(client.command({ ping: 1, $db: 'app' })).resolves.toMatchObject({ ok: 1 });
    await client.close();
  });

  it('answers a document sequence entry over the size limit [BSONObjectTooLarge 10334]', async () => {
    const client = await RawClient.connect(listener.port);
    const reply = await client.command(
      { insert: 'users', $db: 'app' },
      { sequences: [['documents', [{ a: 1 }, { pad: 'x'.repeat(MAX_MESSAGE_OBJECT_BYTES) }]]] },
    );
    expect(reply).toMatchObject({ ok: 0, code: 10334 });
    await client.close();
  });

  it('refuses an OP_MSG without $db [Location40571]', async () => {
    const client = await RawClient.connect(listener.port);
    await expect(client.command({ ping: 1 })).resolves.toMatchObject({ ok: 0, code: 40571 });
    await client.close();
  });

  it.each([
    [
      'a message declared over 48,000,000 bytes',
      () => Buffer.from([0x01, 0x6c, 0xdc, 0x02, 0, 0, 0, 0]), // 48,000,001
      'recv(): message msgLen 48000001 is invalid. Min 16 Max: 48000000',
    ],
    [
      'a length below the header size',
      () => Buffer.from([4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
      'recv(): message msgLen 4 is invalid. Min 16 Max: 48000000',
    ],
    [
      'an unknown opcode',
      () => {
        const message = opMsg({ ping: 1, $db: 'app' });
        message.writeInt32LE(2002, 12); // legacy OP_INSERT
        return message;
      },
      'unsupported opCode 2002',
    ],
    [
      'malformed BSON',
      () => {
        const message = opMsg({ ping: 1, $db: 'app' });
        message[message.length - 1] = 7; // the body's terminating NUL
        return message;
      },
      expect.stringContaining('OP_MSG body is not valid BSON'),
    ],
    [
      'illegal required flag bits',
      () => opMsg({ ping: 1, $db: 'app' }, { flags: 1 << 4 }),
      expect.stringContaining('Message contains illegal flags value'),
    ],
    [
      'an unknown section kind',
      () => {
        const message = opMsg({ ping: 1, $db: 'app' });
        message[20] = 9;
        return message;
      },
      'Unknown section kind 9',
    ],
  ])(
    'closes only the connection that sent %s, logging the reason without contents',
    async (_what, bytes, reason) => {
      const bad = await RawClient.connect(listener.port);
      const good = await RawClient.connect(listener.port);
      bad.send(bytes());
      await bad.closed;
      expect(logger.reasons()).toContainEqual(reason);
      // Structured and free of message contents.
      expect(JSON.stringify(logger.entries.at(-1))).not.toContain('ping');
      await expect(good.command({ ping: 1, $db: 'app' })).resolves.toMatchObject({ ok: 1 });
      await expect(driver.db('app').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
      await good.close();
    },
  );

  it('answers messages that precede a bad header before closing', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(
      Buffer.concat([opMsg({ ping: 1, $db: 'app' }, { requestId: 5 }), Buffer.alloc(16, 0xff)]),
    );
    expect((await client.next())?.responseTo).toBe(5);
    await client.closed;
  });

  it('replies with OP_MSG to OP_MSG requests', async () => {
    const client = await RawClient.connect(listener.port);
    client.send(opMsg({ ping: 1, $db: 'app' }, { requestId: 9 }));
    expect(await client.next()).toMatchObject({ opCode: OP_MSG, responseTo: 9, flags: 0 });
    await client.close();
  });
});

describe('listen', () => {
  it('reports a port already in use clearly', async () => {
    const engine = new EchoEngine();
    const logger = new CapturingLogger();
    const first = await listen(engine, { host: '127.0.0.1', port: 0, logger });
    await expect(listen(engine, { host: '127.0.0.1', port: first.port, logger })).rejects.toThrow(
      `127.0.0.1:${first.port} is already in use`,
    );
    await first.close();
  });
});
