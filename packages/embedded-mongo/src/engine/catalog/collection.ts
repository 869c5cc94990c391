import { UUID, type Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { ID_INDEX, ID_INDEX_NAME, type IndexDefinition } from '../indexes/index-spec';
import { OrderedIndex, type ExecutionStats, type IndexKeys } from '../indexes/ordered-index';
import type { CompiledFilter } from '../query/filter';
import { needsIdTree, planQuery, type QueryPlan } from '../query/plan';
import type { SortSpec } from '../query/sort';
import type { Change } from '../types';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
import { formatDocument } from '../values/format';
import { pathValues } from '../values/paths';
import { assertStorable } from './document-rules';

/** How a write moves a document in each index whose keys it changes, computed before any mutation. */
type IndexChanges = { index: OrderedIndex; before?: IndexKeys; after: IndexKeys }[];

/**
 * Told about every document change, before it happens, with the canonical
 * `_id` and the version being replaced (undefined for an insert): the
 * transaction layer keeps those versions for open snapshots.
 */
export type DocumentObserver = (collection: Collection, id: string, before?: Document) => void;

/** One document write of a batch applied at once (a commit): `next` undefined deletes. */
export interface DocumentWrite {
  /** Canonical `_id` (see canonicalKey). */
  readonly id: string;
  readonly next?: Document;
}

/** A document's entry in a unique index, and the documents already holding it. */
export interface UniqueKey {
  readonly definition: IndexDefinition;
  /** Field values of the entry, as duplicate-key errors report them. */
  readonly values: Document;
  /** Key of the entry, unique within the index. */
  readonly key: string;
  /** Canonical `_id` of the stored document having this entry, if any. */
  readonly holder: string | undefined;
}

/** mongod's DuplicateKey error for an entry of index `definition` in `namespace`. */
export function duplicateKeyError(
  namespace: string,
  definition: IndexDefinition,
  values: Document,
): CommandError {
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${namespace} index: ${definition.name} dup key: ${formatDocument(values)}`,
    { keyPattern: cloneValue(definition.key), keyValue: cloneValue(values) },
  );
}

/**
 * One collection: documents in insertion order, keyed by the canonical form
 * of their `_id` (the hash behind `_id` point lookups), plus one ordered
 * index per index, `_id_` included, for ranges and sorts.
 *
 * Stored documents are never mutated: an update stores a new object. So a
 * cursor holding a stored document sees a consistent version of it, and a
 * change can carry the stored object as its post-image.
 */
export class Collection {
  readonly db: string;
  readonly name: string;
  readonly uuid = new UUID();
  readonly options: Document;
  private readonly docs = new Map<string, Document>();
  /**
   * The `_id_` index's tree, built on the first query that ranges or sorts on
   * `_id` and maintained from then on: until then `_id` point lookups need
   * only `docs`, and inserts skip the tree.
   */
  private readonly idIndex = new OrderedIndex(ID_INDEX);
  private idTreeBuilt = false;
  /** Secondary indexes by name; text, geo and wildcard ones are listed but not built. */
  private readonly secondary = new Map<
    string,
    { definition: IndexDefinition; ordered?: OrderedIndex }
  >();
  /**
   * Documents examined to answer queries. Tests read it to prove that a point
   * lookup through an index does not scan the collection.
   */
  scannedDocuments = 0;
  /** Index entries examined to answer queries (explain's keys examined, for all queries). */
  examinedKeys = 0;

  private readonly observer: DocumentObserver | undefined;

  constructor(db: string, name: string, options: Document, observer?: DocumentObserver) {
    this.db = db;
    this.name = name;
    this.options = options;
    this.observer = observer;
  }

  get namespace(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  /** All documents in insertion order (stored objects: callers must not mutate them). */
  documents(): IterableIterator<Document> {
    return this.docs.values();
  }

  /** `_id_` first, then the secondary indexes in creation order. */
  indexes(): IndexDefinition[] {
    return [ID_INDEX, ...[...this.secondary.values()].map((index) => index.definition)];
  }

  /** The indexes whose trees writes maintain, `_id_` first, in creation order. */
  private maintainedIndexes(): OrderedIndex[] {
    const indexes = this.idTreeBuilt ? [this.idIndex] : [];
    for (const { ordered } of this.secondary.values()) if (ordered) indexes.push(ordered);
    return indexes;
  }

  /** How to read what `filter` matches, in `sort` order if an index gives it (see planQuery). */
  plan(filter: CompiledFilter, sort?: SortSpec): QueryPlan {
    if (!this.idTreeBuilt && needsIdTree(filter, sort)) {
      for (const [id, doc] of this.docs) this.idIndex.add(this.idIndex.keysOf(doc, id));
      this.idTreeBuilt = true;
    }
    // Without its tree, `_id_` still answers point lookups (from `docs`).
    const indexes = this.idTreeBuilt
      ? this.maintainedIndexes()
      : [this.idIndex, ...this.maintainedIndexes()];
    return planQuery(indexes, filter, sort);
  }

  /** Documents matching the filter (in no particular order), from an index when one helps. */
  find(filter: CompiledFilter): Generator<Document> {
    return this.execute(this.plan(filter));
  }

  /**
   * Runs a plan lazily: the documents its filter matches, in index order for
   * an index scan. Counts the work into `stats` and the collection's counters.
   */
  *execute(
    plan: QueryPlan,
    stats: ExecutionStats = { keysExamined: 0, docsExamined: 0 },
  ): Generator<Document> {
    const { filter } = plan;
    if (plan.kind === 'collscan') {
      for (const doc of this.docs.values()) {
        stats.docsExamined++;
        this.scannedDocuments++;
        if (filter.test(doc)) yield doc;
      }
      return;
    }
    const test = plan.exact ? undefined : filter.test;
    if (plan.ids) {
      for (const id of plan.ids) {
        stats.keysExamined++;
        this.examinedKeys++;
        const doc = this.docs.get(canonicalKey(id));
        if (!doc) continue;
        stats.docsExamined++;
        this.scannedDocuments++;
        if (!test || test(doc)) yield doc;
      }
      return;
    }
    // A document with several entries in the walked stretches is returned once.
    const seen = plan.multikey ? new Set<string>() : undefined;
    const width = plan.index.directions.length;
    for (const entry of plan.index.walk(plan.segments, plan.backward, stats)) {
      this.examinedKeys++;
      const id = entry[width] as string;
      if (seen) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      // Entries change with their documents' keys: the document is there and agrees with it.
      const doc = this.docs.get(id) as Document;
      stats.docsExamined++;
      this.scannedDocuments++;
      if (!test || test(doc)) yield doc;
    }
  }

  /** The stored document with this `_id`, if any. */
  getById(id: unknown): Document | undefined {
    return this.docs.get(canonicalKey(id));
  }

  /** The stored document whose `_id` has this canonical key, if any. */
  getByKey(id: string): Document | undefined {
    return this.docs.get(id);
  }

  /** The entries `doc` would have in each unique index, with the stored document holding each. */
  uniqueKeys(doc: Document): UniqueKey[] {
    const id = canonicalKey(doc._id);
    const found: UniqueKey[] = [];
    for (const { definition, ordered } of this.secondary.values()) {
      if (!ordered || !definition.unique) continue;
      for (const entry of ordered.keysOf(doc, id).entries) {
        found.push({
          definition,
          values: ordered.keyValue(entry),
          key: ordered.entryKey(entry),
          holder: ordered.holderOf(entry),
        });
      }
    }
    return found;
  }

  /** mongod's DuplicateKey error for an entry of `definition`. */
  duplicateKey(definition: IndexDefinition, values: Document): CommandError {
    return duplicateKeyError(this.namespace, definition, values);
  }

  /**
   * Index entries of `doc`, failing on a unique conflict with another
   * document. For an update, `current` is the stored version: an index whose
   * keys it leaves alone needs neither a uniqueness check nor any change.
   */
  private entriesFor(doc: Document, id: string, current?: Document): IndexChanges {
    const changes: IndexChanges = [];
    for (const index of this.maintainedIndexes()) {
      // An update keeps the `_id`, so its place in the `_id_` index.
      if (current && index === this.idIndex) continue;
      const after = index.keysOf(doc, id);
      const before = current ? index.keysOf(current, id) : undefined;
      if (before && index.sameKeys(before, after)) continue;
      const duplicate = index === this.idIndex ? undefined : index.duplicateOf(after, id);
      if (duplicate) throw this.duplicateKey(index.definition, index.keyValue(duplicate));
      changes.push({ index, before, after });
    }
    return changes;
  }

  /**
   * Stores a new document (already holding its `_id`). Every check happens
   * before anything changes, so a rejected insert leaves no trace.
   */
  insert(doc: Document, changes: Change[]): void {
    assertStorable(doc);
    const id = canonicalKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateKey(ID_INDEX, { _id: doc._id });
    const entries = this.entriesFor(doc, id);
    this.observer?.(this, id);
    this.docs.set(id, doc);
    for (const { index, after } of entries) index.add(after);
    changes.push({ op: 'put', db: this.db, coll: this.name, doc });
  }

  /** Replaces a stored document with its updated version (same `_id`), checks first. */
  replace(current: Document, next: Document, changes: Change[]): void {
    assertStorable(next);
    const id = canonicalKey(current._id);
    const entries = this.entriesFor(next, id, current);
    this.observer?.(this, id, current);
    this.docs.set(id, next);
    for (const { index, before, after } of entries) {
      if (before) index.update(before, after);
    }
    changes.push({ op: 'put', db: this.db, coll: this.name, doc: next });
  }

  remove(doc: Document, changes: Change[]): void {
    const id = canonicalKey(doc._id);
    const current = this.docs.get(id);
    if (!current) return;
    this.observer?.(this, id, current);
    this.docs.delete(id);
    for (const index of this.maintainedIndexes()) index.remove(index.keysOf(current, id));
    changes.push({ op: 'delete', db: this.db, coll: this.name, id: doc._id });
  }

  /**
   * Checks a batch of writes to be applied at once (a transaction's commit)
   * and returns the step that applies them, which cannot fail. Uniqueness is
   * checked against the state after the whole batch, so documents may swap
   * unique values. Nothing changes if a check fails.
   */
  prepareWrites(writes: readonly DocumentWrite[]): (changes: Change[]) => void {
    const batch = new Set(writes.map((write) => write.id));
    const indexes = this.maintainedIndexes();
    const nextKeys = new Map<string, IndexKeys[]>();
    for (const { id, next } of writes) {
      if (!next) continue;
      assertStorable(next);
      nextKeys.set(
        id,
        indexes.map((index) => index.keysOf(next, id)),
      );
    }
    indexes.forEach((index, i) => {
      if (!index.definition.unique || index === this.idIndex) return;
      const claimed = new Map<string, string>();
      for (const [id, keys] of nextKeys) {
        for (const entry of keys[i].entries) {
          const key = index.entryKey(entry);
          const other = claimed.get(key);
          const holder = index.holderOf(entry);
          if (
            (other !== undefined && other !== id) ||
            (holder !== undefined && !batch.has(holder))
          ) {
            throw this.duplicateKey(index.definition, index.keyValue(entry));
          }
          claimed.set(key, id);
        }
      }
    });
    return (changes) => {
      // Every old entry leaves before any new one comes: a unique index's
      // hash keeps one holder per key, and the batch may swap values.
      const current = writes.map(({ id }) => this.docs.get(id));
      writes.forEach(({ id }, w) => {
        const before = current[w];
        if (before) for (const index of indexes) index.remove(index.keysOf(before, id));
      });
      writes.forEach(({ id, next }, w) => {
        const before = current[w];
        if (!next && !before) return;
        this.observer?.(this, id, before);
        if (next) {
          const keys = nextKeys.get(id) as IndexKeys[];
          indexes.forEach((index, i) => index.add(keys[i]));
          this.docs.set(id, next);
          changes.push({ op: 'put', db: this.db, coll: this.name, doc: next });
        } else if (before) {
          this.docs.delete(id);
          changes.push({ op: 'delete', db: this.db, coll: this.name, id: before._id });
        }
      });
    };
  }

  /**
   * Adds indexes, building each over the existing documents first: a unique
   * violation (or parallel arrays) fails the whole call with nothing added.
   */
  createIndexes(definitions: readonly IndexDefinition[], changes: Change[]): void {
    const built: { definition: IndexDefinition; ordered?: OrderedIndex }[] = [];
    for (const definition of definitions) {
      if (!definition.ordered) {
        built.push({ definition });
        continue;
      }
      const ordered = new OrderedIndex(definition);
      for (const [id, doc] of this.docs) {
        const keys = ordered.keysOf(doc, id);
        const duplicate = ordered.duplicateOf(keys, id);
        if (duplicate) throw this.duplicateKey(definition, ordered.keyValue(duplicate));
        ordered.add(keys);
      }
      built.push({ definition, ordered });
    }
    for (const index of built) this.secondary.set(index.definition.name, index);
    if (definitions.length > 0) {
      changes.push({
        op: 'createIndexes',
        db: this.db,
        coll: this.name,
        indexes: definitions.map((d) => cloneValue(d.spec)),
      });
    }
  }

  dropIndexes(names: readonly string[], changes: Change[]): void {
    if (names.length === 0) return;
    for (const name of names) {
      if (name === ID_INDEX_NAME) continue;
      this.secondary.delete(name);
    }
    changes.push({ op: 'dropIndexes', db: this.db, coll: this.name, names: [...names] });
  }

  /**
   * Removes documents whose TTL-indexed date (the earliest, for arrays) is
   * older than the index's `expireAfterSeconds`, as mongod's TTL monitor does.
   */
  expire(now: number, changes: Change[]): number {
    let removed = 0;
    for (const { definition } of this.secondary.values()) {
      if (definition.expireAfterSeconds === undefined) continue;
      const cutoff = now - definition.expireAfterSeconds * 1000;
      const field = definition.fields[0];
      for (const doc of [...this.docs.values()]) {
        const dates = pathValues(doc, field).filter((v): v is Date => v instanceof Date);
        if (dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) <= cutoff) {
          this.remove(doc, changes);
          removed++;
        }
      }
    }
    return removed;
  }
}
