import type { Document } from 'bson';
import BTree from 'sorted-btree';
import { CommandError, ErrorCode } from '../errors';
import { compileFilter, type CompiledFilter } from '../query/filter';
import { canonicalKey } from '../values/canonical-key';
import { isPlainObject } from '../values/bson-type';
import { pathValues } from '../values/paths';
import { compareKeyPart } from './index-key';
import { ID_INDEX_NAME, type IndexDefinition } from './index-spec';

/**
 * One index entry: the indexed values in key-pattern order, then the
 * document's canonical `_id` key, which makes every entry unique and orders
 * equal keys.
 */
export type IndexEntry = readonly unknown[];

/** The entries a document has in an index, computed before any mutation. */
export interface IndexKeys {
  readonly entries: readonly IndexEntry[];
  /** Whether an indexed path of the document reaches an array (one entry per element). */
  readonly multikey: boolean;
}

/** A stretch of the index to walk: from `start` to `end` in index order, both probes included. */
export interface IndexSegment {
  readonly start: IndexEntry;
  readonly end: IndexEntry;
  /** Holds one entry at most (a unique index pinned on every field): its hash finds it. */
  readonly single?: boolean;
}

/** Work done by one query, as explain's executionStats reports it. */
export interface ExecutionStats {
  keysExamined: number;
  docsExamined: number;
}

const NO_KEYS: IndexKeys = { entries: [], multikey: false };

/**
 * An entry as an array of exactly its size: spread and push leave spare
 * capacity, which at a million entries is most of an index's memory.
 */
function entryOf(values: readonly unknown[], id: string): IndexEntry {
  const entry = new Array<unknown>(values.length + 1);
  for (let i = 0; i < values.length; i++) entry[i] = values[i];
  entry[values.length] = id;
  return entry;
}

/** Whether a dotted path passes through an array anywhere in `doc` (then its index is multikey). */
function reachesArray(doc: Document, path: string): boolean {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) return true;
    if (!isPlainObject(current)) return false;
    current = current[part];
  }
  return Array.isArray(current);
}

/**
 * An ascending/descending (compound) index as a B+ tree of entries in
 * MongoDB's BSON order, each field in its key pattern's direction. Only keys
 * are stored: an update that leaves a document's keys alone touches no tree,
 * and a walk reads the current document by the `_id` key of each entry.
 */
export class OrderedIndex {
  readonly definition: IndexDefinition;
  /** Per field: 1 ascending, -1 descending (`hashed` keeps values in ascending order). */
  readonly directions: readonly (1 | -1)[];
  private readonly partial: CompiledFilter | undefined;
  private readonly tree: BTree<IndexEntry, undefined>;
  /** Documents having an array on an indexed path: while there is one, the index is multikey. */
  private arrayDocuments = 0;
  /** Bumped by every change of the tree, so that a paused walk knows to seek again. */
  private version = 0;
  /**
   * A unique index also keeps its keys in a hash (key → `_id` key): the
   * uniqueness check of every write and a point lookup cost one hash lookup
   * instead of a descent through the tree.
   */
  private readonly holders: Map<string, string> | undefined;

  constructor(definition: IndexDefinition) {
    this.definition = definition;
    this.directions = Object.values(definition.key).map((direction) =>
      typeof direction === 'string' || Number(direction) > 0 ? 1 : -1,
    );
    this.partial = definition.partialFilterExpression
      ? compileFilter(definition.partialFilterExpression)
      : undefined;
    this.tree = new BTree<IndexEntry, undefined>(undefined, this.compare, 64);
    // The collection's documents by `_id` already are the `_id_` index's hash.
    this.holders = definition.unique && definition.name !== ID_INDEX_NAME ? new Map() : undefined;
  }

  /** The hash key of an entry's values (`1` and `1.0` alike, as in the tree). */
  entryKey(entry: IndexEntry): string {
    const width = this.directions.length;
    if (width === 1) return canonicalKey(entry[0]);
    return JSON.stringify(entry.slice(0, width).map(canonicalKey));
  }

  /** Whether some document has several entries; such an index is not used for sorting. */
  get multikey(): boolean {
    return this.arrayDocuments > 0;
  }

  /** Tree order: each field in its direction, then the `_id` key. */
  readonly compare = (a: IndexEntry, b: IndexEntry): number => {
    const { directions } = this;
    for (let i = 0; i < directions.length; i++) {
      const order = compareKeyPart(a[i], b[i]);
      if (order !== 0) return directions[i] === 1 ? order : -order;
    }
    return compareKeyPart(a[directions.length], b[directions.length]);
  };

  /**
   * The entries of `doc` (whose canonical `_id` key is `id`); none when the
   * index leaves it out (sparse and every field missing, or failing the
   * partial filter). A missing field is indexed as null.
   */
  keysOf(doc: Document, id: string): IndexKeys {
    if (this.partial && !this.partial.test(doc)) return NO_KEYS;
    const { fields } = this.definition;
    const perField = fields.map((field) => pathValues(doc, field));
    if (this.definition.sparse && perField.every((values) => values.length === 0)) return NO_KEYS;
    const multikey = fields.some((field) => reachesArray(doc, field));
    if (!multikey)
      return {
        entries: [
          entryOf(
            perField.map((values) => values[0] ?? null),
            id,
          ),
        ],
        multikey,
      };
    const arrays = fields.filter((_, i) => perField[i].length > 1);
    if (arrays.length > 1) {
      throw new CommandError(
        ErrorCode.CannotIndexParallelArrays,
        `cannot index parallel arrays [${arrays[1]}] [${arrays[0]}]`,
      );
    }
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const choices = values.length === 0 ? [null] : values;
      combos = combos.flatMap((combo) => choices.map((value) => [...combo, value]));
    }
    // An array holding equal values twice still gives the document one entry per value.
    const distinct = new Map<string, IndexEntry>();
    for (const combo of combos) distinct.set(canonicalKey(combo), entryOf(combo, id));
    return { entries: [...distinct.values()], multikey };
  }

  /** `{ field: value }` of an entry, as duplicate-key errors report it (`keyValue`). */
  keyValue(entry: IndexEntry): Document {
    const values: Document = {};
    this.definition.fields.forEach((field, i) => (values[field] = entry[i]));
    return values;
  }

  /** In a unique index, the canonical `_id` of the document holding the entry's values, if any. */
  holderOf(entry: IndexEntry): string | undefined {
    return this.holders?.get(this.entryKey(entry));
  }

  /** In a unique index, the first of `keys` already held by a document other than `selfId`. */
  duplicateOf(keys: IndexKeys, selfId: string): IndexEntry | undefined {
    const { holders } = this;
    if (!holders) return undefined;
    return keys.entries.find((entry) => {
      const holder = holders.get(this.entryKey(entry));
      return holder !== undefined && holder !== selfId;
    });
  }

  add(keys: IndexKeys): void {
    const width = this.directions.length;
    for (const entry of keys.entries) {
      this.tree.set(entry, undefined);
      this.holders?.set(this.entryKey(entry), entry[width] as string);
    }
    if (keys.multikey) this.arrayDocuments++;
    this.version++;
  }

  remove(keys: IndexKeys): void {
    for (const entry of keys.entries) {
      this.tree.delete(entry);
      this.holders?.delete(this.entryKey(entry));
    }
    if (keys.multikey) this.arrayDocuments--;
    this.version++;
  }

  /** Whether two sets of entries of one document are the same (an update left its keys alone). */
  sameKeys(a: IndexKeys, b: IndexKeys): boolean {
    return (
      a.multikey === b.multikey &&
      a.entries.length === b.entries.length &&
      a.entries.every((entry, i) => this.compare(entry, b.entries[i]) === 0)
    );
  }

  /** Moves a document from its `before` entries to its `after` entries. */
  update(before: IndexKeys, after: IndexKeys): void {
    if (this.sameKeys(before, after)) return;
    this.remove(before);
    this.add(after);
  }

  /**
   * The entries of each segment in order (or all of them in reverse order),
   * lazily. Between two steps the index may change (a cursor's batches are
   * apart in time): the walk then seeks again from the last entry it gave.
   */
  *walk(
    segments: readonly IndexSegment[],
    backward: boolean,
    stats: ExecutionStats,
  ): Generator<IndexEntry> {
    const ordered = backward ? [...segments].reverse() : segments;
    for (const { start, end, single } of ordered) {
      if (single && this.holders) {
        const holder = this.holders.get(this.entryKey(start));
        if (holder !== undefined) {
          stats.keysExamined++;
          yield [...start.slice(0, this.directions.length), holder];
        }
        continue;
      }
      let last: IndexEntry | undefined;
      let seenVersion = -1;
      let pairs: Iterator<[IndexEntry, undefined]> = [][Symbol.iterator]();
      // The tree refills one pair for every step instead of allocating one.
      const reused: (IndexEntry | undefined)[] = [];
      for (;;) {
        if (seenVersion !== this.version) {
          seenVersion = this.version;
          pairs = backward
            ? this.tree.entriesReversed(last ?? end, reused, last !== undefined)
            : this.tree.entries(last ?? start, reused);
        }
        const next = pairs.next();
        if (next.done) break;
        const [entry] = next.value;
        if (last !== undefined && !backward && this.compare(entry, last) === 0) continue;
        if (backward ? this.compare(entry, start) < 0 : this.compare(entry, end) > 0) break;
        stats.keysExamined++;
        last = entry;
        yield entry;
      }
    }
  }
}
