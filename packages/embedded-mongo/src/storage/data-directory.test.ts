import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Change } from '../engine/types';
import type { LogFields, Logger } from '../wire/logger';
import { openDataDirectory, type DataDirectory } from './data-directory';
import { journalFile, LOCK_FILE, SNAPSHOT_FILE } from './layout';

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
}

const put = (id: number, value = `v${id}`): Change => ({
  op: 'put',
  db: 'app',
  coll: 'items',
  doc: { _id: id, value },
});

/** Replays changes the way the engine would, into id → value. */
function replay(changes: Iterable<Change>): Map<unknown, unknown> {
  const state = new Map<unknown, unknown>();
  for (const change of changes) {
    if (change.op === 'put') state.set(change.doc._id, change.doc.value);
    else if (change.op === 'delete') state.delete(change.id);
  }
  return state;
}

describe('data directory', () => {
  let dbPath: string;
  let logger: CapturingLogger;
  const open = (compactAfterBytes = 64 * 1024 * 1024) =>
    openDataDirectory({ dbPath, logger, compactAfterBytes });

  beforeEach(async () => {
    dbPath = join(await mkdtemp(join(tmpdir(), 'embedded-mongo-')), 'data');
    logger = new CapturingLogger();
  });

  afterEach(async () => {
    await rm(join(dbPath, '..'), { recursive: true, force: true });
  });

  it('creates the directory and replays acknowledged writes in order after reopening', async () => {
    const first = await open();
    await first.journal.write([put(1), put(2)]);
    await first.journal.write([
      put(1, 'changed'),
      { op: 'delete', db: 'app', coll: 'items', id: 2 },
    ]);
    await first.journal.write([
      { op: 'put', db: 'app', coll: 'items', doc: { _id: 3n, value: 1.5 } },
    ]);
    await first.close();

    const second = await open();
    const changes = [...second.changes];
    expect(changes).toHaveLength(5);
    expect(replay(changes)).toEqual(
      new Map<unknown, unknown>([
        [1, 'changed'],
        [3n, 1.5],
      ]),
    );
    await second.close();
  });

  it('has every acknowledged write on disk before write() resolves, with many writers at once', async () => {
    const directory = await open();
    await Promise.all(Array.from({ length: 300 }, (_, i) => directory.journal.write([put(i)])));
    // Read while the first server still holds the lock, as after a crash.
    const journal = await readFile(join(dbPath, journalFile(1)));
    await directory.close();
    await writeFile(join(dbPath, journalFile(1)), journal);
    const reopened = await open();
    expect(replay(reopened.changes).size).toBe(300);
    await reopened.close();
  });

  it.each([
    ['cut short by a few bytes', [1, 2], (bytes: number) => truncate(journalPath(), bytes - 3)],
    [
      'ending in a record with a bad checksum',
      [1, 2],
      async (bytes: number) => {
        const data = await readFile(journalPath());
        data[bytes - 2] ^= 0xff;
        await writeFile(journalPath(), data);
      },
    ],
    [
      'ending in a partial record header',
      [1, 2, 3],
      async () => {
        const data = await readFile(journalPath());
        await writeFile(journalPath(), Buffer.concat([data, Buffer.from([9, 0, 0])]));
      },
    ],
  ])(
    'recovers every earlier record from a journal %s, and truncates it so appends continue',
    async (_how, survivors, damage) => {
      const first = await open();
      for (let i = 1; i <= 3; i++) await first.journal.write([put(i)]);
      await first.close();
      await damage((await stat(journalPath())).size);

      const second = await open();
      expect([...replay(second.changes).keys()]).toEqual(survivors);
      const warning = logger.entries.find((entry) => entry.level === 'warn');
      expect(warning?.fields).toMatchObject({ journal: journalPath(), reason: expect.any(String) });
      await second.journal.write([put(4)]);
      await second.close();

      // Had the torn bytes stayed, record 4 would sit behind them and be lost.
      const third = await open();
      expect([...replay(third.changes).keys()]).toEqual([...survivors, 4]);
      await third.close();
    },
  );

  it('refuses to start when an older journal is damaged, rather than lose what follows', async () => {
    const first = await open();
    await first.journal.write([put(1)]);
    await first.close();
    // A newer generation exists, so damage in generation 1 is not a torn tail.
    await writeFile(join(dbPath, journalFile(2)), Buffer.from('EMJRNL01'));
    await truncate(
      join(dbPath, journalFile(1)),
      (await stat(join(dbPath, journalFile(1)))).size - 1,
    );
    await expect(open()).rejects.toThrow(/journal .* is damaged at byte \d+ .* refusing to start/);
  });

  it('compacts into a snapshot while writers continue, and keeps every write', async () => {
    const directory = await open(4 * 1024);
    const state = new Map<number, string>();
    directory.journal.compactFrom(function* () {
      for (const [id, value] of state) yield put(id, value);
    });
    // Like the engine: change memory synchronously, then wait for durability.
    const write = (id: number, value: string) => {
      state.set(id, value);
      return directory.journal.write([put(id, value)]);
    };
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => write(i, `r${round}-${'x'.repeat(40)}`)),
      );
    }
    await directory.close();

    const files = await readdir(dbPath);
    expect(files).toContain(SNAPSHOT_FILE);
    // Only the generations after the last snapshot remain.
    expect(files.filter((name) => name.startsWith('journal-')).length).toBeLessThanOrEqual(2);
    expect(logger.entries.map((entry) => entry.message)).toContain(
      'journal compacted into a snapshot',
    );

    const reopened = await open(4 * 1024);
    expect(replay(reopened.changes)).toEqual(state);
    await reopened.close();
  });

  it('refuses a second server on the same directory while the first runs', async () => {
    const first = await open();
    await expect(open()).rejects.toThrow(`data directory ${dbPath} is already in use`);
    await first.close();
    const again = await open();
    await again.close();
  });

  it('takes over a lock left by a process that has ended', async () => {
    await open().then((directory) => directory.close());
    await writeFile(join(dbPath, LOCK_FILE), '2147483646\n');
    const directory = await open();
    expect(await readFile(join(dbPath, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await directory.close();
    await expect(stat(join(dbPath, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects writes after close', async () => {
    const directory: DataDirectory = await open();
    await directory.close();
    await expect(directory.journal.write([put(1)])).rejects.toThrow('the journal is closed');
  });

  function journalPath(): string {
    return join(dbPath, journalFile(1));
  }
});
