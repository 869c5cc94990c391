import { open, readdir, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What a data directory holds:
 *
 *   embedded-mongo.lock     pid of the server using the directory
 *   snapshot.bson           the whole state as of the start of journal generation N
 *   journal-<N>.log         changes acknowledged since; several during a compaction
 *   snapshot.bson.tmp       a snapshot being written (discarded at start)
 */

export const LOCK_FILE = 'embedded-mongo.lock';
export const SNAPSHOT_FILE = 'snapshot.bson';
export const SNAPSHOT_TEMP_FILE = 'snapshot.bson.tmp';

const journalName = /^journal-(\d{10})\.log$/;

export function journalFile(generation: number): string {
  return `journal-${String(generation).padStart(10, '0')}.log`;
}

export interface JournalEntry {
  readonly generation: number;
  readonly path: string;
}

/** Journal files of `dir`, oldest generation first. */
export async function listJournals(dir: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for (const name of await readdir(dir)) {
    const match = journalName.exec(name);
    if (match) entries.push({ generation: Number(match[1]), path: join(dir, name) });
  }
  return entries.sort((a, b) => a.generation - b.generation);
}

/** Makes creations, renames and deletions in `dir` durable (a file's fsync does not). */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes all of `data` at the handle's position (a single write may be partial). */
export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length;) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

export async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
