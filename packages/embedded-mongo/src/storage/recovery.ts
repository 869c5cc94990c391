import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Change } from '../engine/types';
import type { Logger } from '../wire/logger';
import { listJournals, removeIfPresent, SNAPSHOT_TEMP_FILE } from './layout';
import { decodeChange, JOURNAL_MAGIC, scanRecords } from './records';
import { readSnapshot } from './snapshot';

export interface Recovery {
  /** Changes to replay, oldest first: the snapshot's, then each journal's (decoded lazily). */
  readonly changes: Iterable<Change>;
  readonly snapshotChanges: number;
  readonly journalChanges: number;
  readonly snapshotBytes: number;
  /** The journal generation to append to from now on. */
  readonly generation: number;
}

function* decodeAll(groups: readonly Buffer[][]): Generator<Change> {
  for (const payloads of groups) for (const payload of payloads) yield decodeChange(payload);
}

async function truncate(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads one journal. The newest journal may end in a record cut short by a
 * crash (the write was never acknowledged): it is dropped and the file
 * truncated back to the last good record. Damage in an older journal cannot
 * come from a crash, and dropping it would lose acknowledged writes that
 * follow, so it stops the start instead.
 */
async function readJournal(path: string, isNewest: boolean, logger: Logger): Promise<Buffer[]> {
  const data = await readFile(path);
  const magic = JOURNAL_MAGIC.subarray(0, Math.min(data.length, JOURNAL_MAGIC.length));
  if (!data.subarray(0, magic.length).equals(magic)) throw new Error(`${path} is not a journal`);
  const scan =
    data.length < JOURNAL_MAGIC.length
      ? { payloads: [], goodBytes: 0, problem: 'truncated file header' }
      : scanRecords(data, JOURNAL_MAGIC.length);
  if (scan.problem === undefined) return scan.payloads;
  if (!isNewest) {
    throw new Error(
      `journal ${path} is damaged at byte ${scan.goodBytes} (${scan.problem}) and newer journals ` +
        'follow it; refusing to start rather than silently lose the writes after it',
    );
  }
  await truncate(path, scan.goodBytes);
  logger.warn(
    {
      journal: path,
      keptBytes: scan.goodBytes,
      droppedBytes: data.length - scan.goodBytes,
      reason: scan.problem,
    },
    'dropped an incomplete record at the end of the journal (a write cut short by a crash)',
  );
  return scan.payloads;
}

/** Loads the latest snapshot and the journals written since, repairing a torn tail. */
export async function recover(dir: string, logger: Logger): Promise<Recovery> {
  await removeIfPresent(join(dir, SNAPSHOT_TEMP_FILE)); // a compaction the crash interrupted
  const snapshot = await readSnapshot(dir);
  const base = snapshot?.generation ?? 0;
  const journals = [];
  for (const entry of await listJournals(dir)) {
    // Already folded into the snapshot: a compaction ended before deleting it.
    if (entry.generation < base) await unlink(entry.path);
    else journals.push(entry);
  }
  const groups: Buffer[][] = [snapshot?.payloads ?? []];
  for (const [index, entry] of journals.entries()) {
    groups.push(await readJournal(entry.path, index === journals.length - 1, logger));
  }
  return {
    changes: decodeAll(groups),
    snapshotChanges: groups[0].length,
    journalChanges: groups.slice(1).reduce((sum, payloads) => sum + payloads.length, 0),
    snapshotBytes: snapshot?.bytes ?? 0,
    generation: journals.at(-1)?.generation ?? Math.max(base, 1),
  };
}
