import { link, readFile, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE, removeIfPresent } from './layout';

/** Directories locked by servers of this process (another server here shares our pid). */
const lockedHere = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export interface DirectoryLock {
  /** Removes the lock file (if it is still ours). */
  release(): Promise<void>;
}

/**
 * Claims `dir` for this process with a lock file holding the pid, so two
 * servers never write the same journal. A lock left by a process that is no
 * longer running (e.g. killed) is taken over.
 */
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const key = await realpath(dir);
  const path = join(dir, LOCK_FILE);
  if (lockedHere.has(key)) {
    throw new Error(`data directory ${dir} is already in use by another server in this process`);
  }
  // The pid is written to a private file first and then linked into place, so
  // the lock file is never seen empty; link() fails if the lock exists.
  const draft = `${path}.${process.pid}`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, path);
        lockedHere.add(key);
        return {
          release: async () => {
            lockedHere.delete(key);
            if ((await readOwner(path)) === process.pid) await removeIfPresent(path);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = await readOwner(path);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `data directory ${dir} is in use by process ${owner} (lock file ${path}); ` +
            'stop that server first, or delete the lock file if that process is not a server',
        );
      }
      await removeIfPresent(path); // left by a process that has ended
    }
    throw new Error(`could not lock data directory ${dir}: another server keeps claiming it`);
  } finally {
    await removeIfPresent(draft);
  }
}
