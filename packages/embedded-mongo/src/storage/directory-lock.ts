import { createHash } from 'node:crypto';
import { link, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { LOCK_FILE, removeIfPresent } from './layout';

/** Directories locked by servers of this process (another server here shares our pid). */
const lockedHere = new Set<string>();

export interface DirectoryLock {
  /** Removes the lock file (if it is still ours) and gives the directory up. */
  release(): Promise<void>;
}

/**
 * Claims `dir` for this process, so two servers never write the same journal.
 * `embedded-mongo.lock` names the owner's pid (for messages and for people);
 * what decides whether the owner is alive depends on the platform:
 *
 * - Linux: the owner listens on an abstract Unix socket named after the
 *   directory's real path. Binding is atomic (a second bind fails with
 *   EADDRINUSE) and the kernel closes the socket when the process dies —
 *   before it is reaped, so a SIGKILLed server that is still a zombie no
 *   longer holds the directory, and a pid reused by an unrelated process
 *   never looks like a server. Abstract sockets leave no file to clean up.
 * - Elsewhere (no abstract sockets, and Node has no flock): the pid in the
 *   lock file, probed with signal 0. A zombie or a reused pid keeps the
 *   directory locked there until the lock file is deleted.
 */
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const key = await realpath(dir);
  if (lockedHere.has(key)) {
    throw new Error(`data directory ${dir} is already in use by another server in this process`);
  }
  const lock =
    process.platform === 'linux' ? await lockWithSocket(dir, key) : await lockWithPidFile(dir);
  lockedHere.add(key);
  return {
    release: async () => {
      lockedHere.delete(key);
      await lock.release();
    },
  };
}

function inUseError(dir: string, owner: number | undefined, hint = ''): Error {
  return new Error(
    `data directory ${dir} is in use by process ${owner ?? '(unknown)'} ` +
      `(lock file ${join(dir, LOCK_FILE)}); stop that server first${hint}`,
  );
}

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The abstract socket (leading NUL: no file) that stands for the directory. */
function socketName(realDir: string): string {
  const digest = createHash('sha256').update(realDir).digest('hex').slice(0, 48);
  return `\0embedded-mongo-lock-${digest}`;
}

/** Listens on `name`, or resolves undefined when another process already does. */
function listenExclusively(name: string): Promise<Server | undefined> {
  // Nobody is meant to connect; a stray connection is closed at once.
  const server = createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen(name, () => {
      // Holding the lock must not keep the process alive.
      server.unref();
      resolve(server);
    });
  });
}

/** How long to wait for a dying owner's threads to finish closing its socket. */
const DYING_OWNER_WAIT_MS = 2_000;

/**
 * Whether `pid` has exited or is exiting: no such process, or a zombie
 * (`Z`) / dead (`X`) in /proc/<pid>/stat. A zombie's other threads can still
 * hold its files for a few milliseconds after the main thread is gone.
 */
async function isExiting(pid: number | undefined): Promise<boolean> {
  if (pid === undefined) return true;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return true;
  const state = stat.charAt(stat.lastIndexOf(')') + 2);
  return state === 'Z' || state === 'X';
}

async function lockWithSocket(dir: string, realDir: string): Promise<DirectoryLock> {
  const path = join(dir, LOCK_FILE);
  const name = socketName(realDir);
  const deadline = Date.now() + DYING_OWNER_WAIT_MS;
  let server = await listenExclusively(name);
  // Refused at once while the owner runs; retried while it is still exiting.
  while (!server) {
    const owner = await readOwner(path);
    if (Date.now() > deadline || !(await isExiting(owner))) throw inUseError(dir, owner);
    await new Promise((resolve) => setTimeout(resolve, 10));
    server = await listenExclusively(name);
  }
  const held = server;
  try {
    // The socket is the lock, so a file left by a dead owner is simply
    // replaced; rename() keeps the file from ever being seen empty.
    const draft = `${path}.${process.pid}`;
    await writeFile(draft, `${process.pid}\n`);
    await rename(draft, path);
  } catch (error) {
    held.close();
    throw error;
  }
  return {
    release: async () => {
      try {
        await removeIfPresent(path);
      } finally {
        await new Promise<void>((resolve) => held.close(() => resolve()));
      }
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lockWithPidFile(dir: string): Promise<DirectoryLock> {
  const path = join(dir, LOCK_FILE);
  // The pid is written to a private file first and then linked into place, so
  // the lock file is never seen empty; link() fails if the lock exists.
  const draft = `${path}.${process.pid}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, path);
        return {
          release: async () => {
            if ((await readOwner(path)) === process.pid) await removeIfPresent(path);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(path);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw inUseError(dir, owner, ', or delete the lock file if that process is not a server');
      }
      await removeIfPresent(path); // left by a process that has ended
    }
    throw new Error(`could not lock data directory ${dir}: another server keeps claiming it`);
  } finally {
    await removeIfPresent(draft);
  }
}
