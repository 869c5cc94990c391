import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory, journalFile, writeAll } from './layout';
import { JOURNAL_MAGIC } from './records';

/** One journal generation's file, open for appending. */
export class JournalFile {
  private constructor(
    readonly generation: number,
    private readonly handle: FileHandle,
    private length: number,
  ) {}

  /**
   * Opens the file of `generation` in `dir` for appending. A new (or empty)
   * file gets its magic, and its directory entry is made durable before any
   * record is acknowledged in it.
   */
  static async open(dir: string, generation: number): Promise<JournalFile> {
    const handle = await open(join(dir, journalFile(generation)), 'a');
    try {
      let { size } = await handle.stat();
      if (size === 0) {
        await writeAll(handle, JOURNAL_MAGIC);
        await handle.sync();
        await fsyncDirectory(dir);
        size = JOURNAL_MAGIC.length;
      }
      return new JournalFile(generation, handle, size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get size(): number {
    return this.length;
  }

  /** Appends `data` and returns once it is on disk. */
  async append(data: Buffer): Promise<void> {
    await writeAll(this.handle, data);
    // fdatasync also flushes the new file length, which is all an append changes.
    await this.handle.datasync();
    this.length += data.length;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
