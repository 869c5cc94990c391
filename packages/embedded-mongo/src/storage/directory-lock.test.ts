import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lockDirectory } from './directory-lock';
import { LOCK_FILE } from './layout';

const repoRoot = resolve(__dirname, '../../../..');
const bin = resolve(__dirname, '../../bin/embedded-mongo.js');

/** The state letter of /proc/<pid>/stat (R, S, Z, …), after the parenthesised command name. */
async function processState(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  return stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/**
 * A server process that nobody reaps once it dies: the shell starts it in the
 * background and then becomes `sleep`, which never waits for its children, so
 * a SIGKILLed server stays a zombie until the shell is killed.
 */
async function startUnreapedServer(dbPath: string): Promise<{ shell: ChildProcess; pid: number }> {
  const shell = spawn(
    'sh',
    ['-c', `"${process.execPath}" "${bin}" --port 0 --dbpath "${dbPath}" & exec sleep 120`],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let stdout = '';
  shell.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  while (!stdout.includes('mongodb://')) await once(shell.stdout!, 'data');
  const pid = Number.parseInt(await readFile(join(dbPath, LOCK_FILE), 'utf8'), 10);
  return { shell, pid };
}

// The zombie and reused-pid cases rely on the Linux lock (an abstract socket
// the kernel closes when its owner dies); other platforms use the pid file.
const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux('data directory lock (Linux)', () => {
  let dbPath: string;
  const shells: ChildProcess[] = [];

  beforeEach(async () => {
    dbPath = await mkdtemp(join(tmpdir(), 'embedded-mongo-lock-'));
  });
  afterEach(async () => {
    for (const shell of shells.splice(0)) {
      if (shell.exitCode === null && shell.signalCode === null) {
        shell.kill('SIGKILL');
        await once(shell, 'exit');
      }
    }
    await rm(dbPath, { recursive: true, force: true });
  });

  it('is refused while another live server holds it, and free as soon as that server is SIGKILLed, though still a zombie', async () => {
    const { shell, pid } = await startUnreapedServer(dbPath);
    shells.push(shell);
    await expect(lockDirectory(dbPath)).rejects.toThrow(
      `data directory ${dbPath} is in use by process ${pid}`,
    );

    process.kill(pid, 'SIGKILL');
    while ((await processState(pid)) !== 'Z') await new Promise((r) => setTimeout(r, 1));
    const lock = await lockDirectory(dbPath);
    expect(await processState(pid)).toBe('Z'); // not reaped: it still holds its pid
    expect(await readFile(join(dbPath, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it.each([
    ['the test runner’s parent', process.ppid],
    ['init', 1],
  ])(
    'is not blocked by a lock file naming a live process that is no server (%s)',
    async (_, pid) => {
      await writeFile(join(dbPath, LOCK_FILE), `${pid}\n`);
      const lock = await lockDirectory(dbPath);
      expect(await readFile(join(dbPath, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
      await lock.release();
    },
  );

  it('is refused to a second lock in the same process until the first is released', async () => {
    const first = await lockDirectory(dbPath);
    await expect(lockDirectory(dbPath)).rejects.toThrow(
      'already in use by another server in this process',
    );
    await first.release();
    await (await lockDirectory(dbPath)).release();
  });
});
