import type { Document } from 'bson';
import type { Collection } from '../catalog/collection';

/** A document's version before the change stamped `ts` (undefined: it did not exist). */
interface Version {
  readonly ts: number;
  readonly before: Document | undefined;
}

/** An open snapshot: it sees every change stamped at or before `ts`. */
export interface Snapshot {
  readonly ts: number;
}

/**
 * Old document versions for the open snapshots of transactions. Collections
 * hold only the newest committed version; while a snapshot is open, every
 * change first records the version it replaces here, stamped with a clock
 * tick, so the snapshot can still read the document as it was.
 *
 * With no snapshot open nothing is recorded (the fast path of a server
 * without transactions), and versions no open snapshot can see are dropped
 * as snapshots close.
 */
export class VersionLog {
  private clock = 0;
  private readonly open = new Set<Snapshot>();
  private readonly history = new Map<Collection, Map<string, Version[]>>();

  /** A DocumentObserver for the catalog. */
  readonly observe = (collection: Collection, id: string, before?: Document): void => {
    if (this.open.size === 0) return;
    let versions = this.history.get(collection);
    if (!versions) this.history.set(collection, (versions = new Map()));
    const list = versions.get(id);
    const version = { ts: ++this.clock, before };
    if (list) list.push(version);
    else versions.set(id, [version]);
  };

  openSnapshot(): Snapshot {
    const snapshot = { ts: this.clock };
    this.open.add(snapshot);
    return snapshot;
  }

  closeSnapshot(snapshot: Snapshot): void {
    if (!this.open.delete(snapshot)) return;
    if (this.open.size === 0) {
      this.history.clear();
      return;
    }
    const oldest = Math.min(...[...this.open].map((open) => open.ts));
    for (const [collection, versions] of this.history) {
      for (const [id, list] of versions) {
        // A version stamped at or before every open snapshot is seen by none of them.
        const keep = list.findIndex((version) => version.ts > oldest);
        if (keep < 0) versions.delete(id);
        else if (keep > 0) list.splice(0, keep);
      }
      if (versions.size === 0) this.history.delete(collection);
    }
  }

  /** Canonical ids of the documents of `collection` changed after the snapshot. */
  changedSince(collection: Collection, snapshot: Snapshot): string[] {
    const versions = this.history.get(collection);
    if (!versions) return [];
    const ids: string[] = [];
    for (const [id, list] of versions) if (list[list.length - 1].ts > snapshot.ts) ids.push(id);
    return ids;
  }

  /** Whether the document was changed (committed) after the snapshot. */
  changedAfter(collection: Collection, id: string, snapshot: Snapshot): boolean {
    const list = this.history.get(collection)?.get(id);
    return list !== undefined && list[list.length - 1].ts > snapshot.ts;
  }

  /** The document as the snapshot sees it. */
  read(collection: Collection, id: string, snapshot: Snapshot): Document | undefined {
    const list = this.history.get(collection)?.get(id);
    const first = list?.find((version) => version.ts > snapshot.ts);
    return first ? first.before : collection.getByKey(id);
  }
}
