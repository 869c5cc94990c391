import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Change } from '../engine/types';
import type { Logger } from '../wire/logger';
import { lockDirectory } from './directory-lock';
import { Journal } from './journal';
import { recover } from './recovery';

export interface DataDirectoryOptions {
  /** Created (with parents) when missing. */
  readonly dbPath: string;
  readonly logger: Logger;
  /** Journal size that triggers compaction into a snapshot. */
  readonly compactAfterBytes: number;
}

export interface DataDirectory {
  /** The state found at start, as changes to replay in order (iterable once). */
  readonly changes: Iterable<Change>;
  /** Where acknowledged writes go from now on. */
  readonly journal: Journal;
  /** Syncs and closes the journal, then unlocks the directory. */
  close(): Promise<void>;
}

/** Locks the data directory, recovers its contents and opens the journal. */
export async function openDataDirectory(options: DataDirectoryOptions): Promise<DataDirectory> {
  const dir = resolve(options.dbPath);
  await mkdir(dir, { recursive: true }).catch((error: Error) => {
    throw new Error(`cannot create data directory ${dir}: ${error.message}`, { cause: error });
  });
  const lock = await lockDirectory(dir);
  try {
    const recovery = await recover(dir, options.logger);
    const journal = await Journal.open(recovery.generation, {
      dir,
      logger: options.logger,
      compactAfterBytes: options.compactAfterBytes,
      snapshotBytes: recovery.snapshotBytes,
    });
    options.logger.info(
      {
        dbPath: dir,
        snapshotChanges: recovery.snapshotChanges,
        journalChanges: recovery.journalChanges,
      },
      'data directory opened',
    );
    return {
      changes: recovery.changes,
      journal,
      close: async () => {
        try {
          await journal.close();
        } finally {
          await lock.release();
        }
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}
