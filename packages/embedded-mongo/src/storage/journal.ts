import { unlink } from 'node:fs/promises';
import type { Change, Persistence } from '../engine/types';
import type { Logger } from '../wire/logger';
import { JournalFile } from './journal-file';
import { listJournals } from './layout';
import { encodeChange } from './records';
import { encodeSnapshot, writeSnapshot, type EncodedSnapshot } from './snapshot';

export interface JournalOptions {
  readonly dir: string;
  readonly logger: Logger;
  /**
   * Compact once the journal holds this many bytes, and at least as many as
   * the last snapshot, so rewriting a large state stays rare.
   */
  readonly compactAfterBytes: number;
  /** Size of the snapshot the directory holds now (0 when none). */
  readonly snapshotBytes: number;
}

interface PendingWrite {
  readonly records: Buffer[];
  resolve(): void;
  reject(error: Error): void;
}

/**
 * The write-ahead journal: every acknowledged change is appended and synced
 * to disk before its command replies.
 *
 * Group commit: while one batch is being synced, the writes of every other
 * connection queue up and go to disk together in the next write and sync, so
 * throughput grows with the number of clients instead of collapsing.
 *
 * Compaction: when the journal has grown enough, the whole state is encoded
 * together with the batch being taken (nothing can change in between), the
 * batch is synced to the current journal, later writes go to a new journal
 * generation, and the snapshot is written in the background. Until the new
 * snapshot is in place, the old snapshot and all journals still describe
 * everything, so a crash at any point loses nothing acknowledged.
 */
export class Journal implements Persistence {
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;
  private compaction: Promise<void> | undefined;
  private snapshotSource: (() => Iterable<Change>) | undefined;
  private snapshotBytes: number;
  private failure: Error | undefined;
  private closed: Promise<void> | undefined;

  private constructor(
    private file: JournalFile,
    private readonly options: JournalOptions,
  ) {
    this.snapshotBytes = options.snapshotBytes;
  }

  /** Opens journal `generation` of the directory for appending. */
  static async open(generation: number, options: JournalOptions): Promise<Journal> {
    return new Journal(await JournalFile.open(options.dir, generation), options);
  }

  /** Gives compaction the whole state to snapshot; until then the journal only grows. */
  compactFrom(source: () => Iterable<Change>): void {
    this.snapshotSource = source;
  }

  write(changes: readonly Change[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the journal is closed'));
    if (this.failure) {
      return Promise.reject(
        new Error('an earlier journal write failed; writes are refused until restart', {
          cause: this.failure,
        }),
      );
    }
    if (changes.length === 0) return Promise.resolve();
    let records: Buffer[];
    try {
      records = changes.map(encodeChange);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ records, resolve, reject });
      this.flush();
    });
  }

  /** Syncs what is queued, waits for a running compaction, and closes the file. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      while (this.flushing) await this.flushing;
      await this.compaction;
      await this.file.close();
    })();
    return this.closed;
  }

  private flush(): void {
    this.flushing ??= this.flushBatches().finally(() => {
      this.flushing = undefined;
      // A write may have queued after the last batch was taken.
      if (this.pending.length > 0) this.flush();
    });
  }

  private async flushBatches(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      if (this.failure) {
        for (const write of batch) write.reject(new Error('the journal is unavailable'));
        continue;
      }
      // Taken in the same tick as the batch: the snapshot holds exactly this
      // journal's contents once the batch is written.
      const snapshot = this.captureSnapshotIfDue();
      try {
        await this.file.append(Buffer.concat(batch.flatMap((write) => write.records)));
      } catch (error) {
        this.failure = error as Error;
        this.options.logger.error(
          { error, generation: this.file.generation },
          'journal write failed; refusing further writes',
        );
        for (const write of batch) {
          write.reject(new Error('the write could not be made durable', { cause: error }));
        }
        continue;
      }
      for (const write of batch) write.resolve();
      if (snapshot) await this.startCompaction(snapshot);
    }
  }

  private captureSnapshotIfDue(): EncodedSnapshot | undefined {
    const source = this.snapshotSource;
    const due =
      source !== undefined &&
      this.compaction === undefined &&
      this.closed === undefined &&
      this.file.size >= Math.max(this.options.compactAfterBytes, this.snapshotBytes);
    if (!due) return undefined;
    try {
      return encodeSnapshot(source());
    } catch (error) {
      this.options.logger.error({ error }, 'could not encode a snapshot; compaction skipped');
      return undefined;
    }
  }

  private async startCompaction(snapshot: EncodedSnapshot): Promise<void> {
    const { dir, logger } = this.options;
    const generation = this.file.generation + 1;
    let next: JournalFile;
    try {
      next = await JournalFile.open(dir, generation);
    } catch (error) {
      logger.error({ error, generation }, 'could not start a new journal; compaction skipped');
      return;
    }
    const previous = this.file;
    this.file = next;
    await previous.close();
    this.compaction = this.finishCompaction(generation, snapshot).finally(() => {
      this.compaction = undefined;
    });
  }

  private async finishCompaction(generation: number, snapshot: EncodedSnapshot): Promise<void> {
    const { dir, logger } = this.options;
    try {
      this.snapshotBytes = await writeSnapshot(dir, generation, snapshot);
      for (const entry of await listJournals(dir)) {
        if (entry.generation < generation) await unlink(entry.path);
      }
      logger.info(
        { generation, changes: snapshot.count, snapshotBytes: this.snapshotBytes },
        'journal compacted into a snapshot',
      );
    } catch (error) {
      // Nothing is lost: the previous snapshot and every journal are still in place.
      logger.error({ error, generation }, 'journal compaction failed; will retry later');
    }
  }
}
