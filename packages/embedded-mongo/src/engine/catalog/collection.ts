import { UUID, type Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { HashIndex, type IndexKey } from '../indexes/hash-index';
import { ID_INDEX, ID_INDEX_NAME, type IndexDefinition } from '../indexes/index-spec';
import type { CompiledFilter } from '../query/filter';
import type { Change } from '../types';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
import { formatDocument } from '../values/format';
import { pathValues } from '../values/paths';
import { assertStorable } from './document-rules';

/** The entries a document has in each secondary index, computed before any mutation. */
type IndexEntries = Map<HashIndex, IndexKey[]>;

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
  /** Canonical `_id`s of the stored documents having this entry. */
  readonly holders: ReadonlySet<string>;
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
 * of their `_id` (which is the `_id_` index), plus the secondary indexes.
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
  /** Secondary indexes by name (`_id_` is the `docs` map itself). */
  private readonly secondary = new Map<string, { definition: IndexDefinition; hash?: HashIndex }>();
  /**
   * Documents examined to answer queries. Tests read it to prove that a point
   * lookup through an index does not scan the collection.
   */
  scannedDocuments = 0;

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

  /** Documents matching the filter, from an index when the filter pins an indexed field. */
  *find(filter: CompiledFilter): Generator<Document> {
    const lookup = this.candidateIds(filter.equalities);
    if (lookup && filter.exactPath !== undefined && lookup.exactPath === filter.exactPath) {
      // The index answered the whole filter: every document it names matches.
      for (const doc of this.byIds(lookup.ids)) {
        this.scannedDocuments++;
        yield doc;
      }
      return;
    }
    const candidates = lookup ? this.byIds(lookup.ids) : this.docs.values();
    for (const doc of candidates) {
      this.scannedDocuments++;
      if (filter.test(doc)) yield doc;
    }
  }

  private *byIds(ids: Iterable<string>): Generator<Document> {
    for (const id of ids) {
      const doc = this.docs.get(id);
      if (doc) yield doc;
    }
  }

  /**
   * Ids of every document that can match the equalities, or undefined when no
   * index covers them (then the collection is scanned). A unique index wins,
   * otherwise the smallest candidate set.
   */
  private candidateIds(
    equalities: ReadonlyMap<string, readonly unknown[]>,
  ): { ids: Iterable<string>; exactPath?: string } | undefined {
    const ids = equalities.get('_id');
    if (ids) return { ids: new Set(ids.map(canonicalKey)), exactPath: '_id' };
    let best: { ids: Set<string>; exactPath?: string } | undefined;
    for (const { definition, hash } of this.secondary.values()) {
      const values = equalities.get(definition.fields[0]);
      if (!hash || !values || !hash.covers(values)) continue;
      // The leading fields the filter pins, in index order.
      const pinned: (readonly unknown[])[] = [];
      for (const field of definition.fields) {
        const fieldValues = equalities.get(field);
        if (!fieldValues) break;
        pinned.push(fieldValues);
      }
      const found = {
        ids: hash.lookup(pinned),
        // A single-field index holds every document with the value (covers() said so).
        exactPath: definition.fields.length === 1 ? definition.fields[0] : undefined,
      };
      if (definition.unique && pinned.length === definition.fields.length) return found;
      if (!best || found.ids.size < best.ids.size) best = found;
    }
    return best;
  }

  /** The stored document with this `_id`, if any. */
  getById(id: unknown): Document | undefined {
    return this.docs.get(canonicalKey(id));
  }

  /** The stored document whose `_id` has this canonical key, if any. */
  getByKey(id: string): Document | undefined {
    return this.docs.get(id);
  }

  /** The entries `doc` would have in each unique index, with the stored documents holding them. */
  uniqueKeys(doc: Document): UniqueKey[] {
    const found: UniqueKey[] = [];
    for (const { definition, hash } of this.secondary.values()) {
      if (!hash || !definition.unique) continue;
      for (const { key, values } of hash.keysOf(doc)) {
        const holders = hash.lookup(definition.fields.map((field) => [values[field]]));
        found.push({ definition, values, key, holders });
      }
    }
    return found;
  }

  /** mongod's DuplicateKey error for an entry of `definition`. */
  duplicateKey(definition: IndexDefinition, values: Document): CommandError {
    return duplicateKeyError(this.namespace, definition, values);
  }

  /** Index entries of `doc`, failing on a unique conflict with any document but `selfId`. */
  private entriesFor(doc: Document, selfId?: string): IndexEntries {
    const entries: IndexEntries = new Map();
    for (const { definition, hash } of this.secondary.values()) {
      if (!hash) continue;
      const keys = hash.keysOf(doc);
      const duplicate = hash.duplicateOf(keys, selfId);
      if (duplicate) throw this.duplicateKey(definition, duplicate.values);
      entries.set(hash, keys);
    }
    return entries;
  }

  /**
   * Stores a new document (already holding its `_id`). Every check happens
   * before anything changes, so a rejected insert leaves no trace.
   */
  insert(doc: Document, changes: Change[]): void {
    assertStorable(doc);
    const id = canonicalKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateKey(ID_INDEX, { _id: doc._id });
    const entries = this.entriesFor(doc);
    this.observer?.(this, id);
    this.docs.set(id, doc);
    for (const [hash, keys] of entries) hash.add(id, keys);
    changes.push({ op: 'put', db: this.db, coll: this.name, doc });
  }

  /** Replaces a stored document with its updated version (same `_id`), checks first. */
  replace(current: Document, next: Document, changes: Change[]): void {
    assertStorable(next);
    const id = canonicalKey(current._id);
    const entries = this.entriesFor(next, id);
    this.observer?.(this, id, current);
    this.docs.set(id, next);
    for (const [hash, keys] of entries) hash.update(id, hash.keysOf(current), keys);
    changes.push({ op: 'put', db: this.db, coll: this.name, doc: next });
  }

  remove(doc: Document, changes: Change[]): void {
    const id = canonicalKey(doc._id);
    const current = this.docs.get(id);
    if (!current) return;
    this.observer?.(this, id, current);
    this.docs.delete(id);
    for (const { hash } of this.secondary.values()) hash?.remove(id, hash.keysOf(doc));
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
    const nextEntries = new Map<string, IndexEntries>();
    for (const { id, next } of writes) {
      if (!next) continue;
      assertStorable(next);
      const entries: IndexEntries = new Map();
      for (const { hash } of this.secondary.values())
        if (hash) entries.set(hash, hash.keysOf(next));
      nextEntries.set(id, entries);
    }
    for (const { definition, hash } of this.secondary.values()) {
      if (!hash || !definition.unique) continue;
      const claimed = new Map<string, string>();
      for (const [id, entries] of nextEntries) {
        for (const entry of entries.get(hash) ?? []) {
          const other = claimed.get(entry.key);
          const holders = hash.lookup(definition.fields.map((field) => [entry.values[field]]));
          const heldOutside = [...holders].some((holder) => !batch.has(holder));
          if ((other !== undefined && other !== id) || heldOutside) {
            throw this.duplicateKey(definition, entry.values);
          }
          claimed.set(entry.key, id);
        }
      }
    }
    return (changes) => {
      for (const { id, next } of writes) this.applyWrite(id, next, nextEntries.get(id), changes);
    };
  }

  private applyWrite(
    id: string,
    next: Document | undefined,
    entries: IndexEntries | undefined,
    changes: Change[],
  ): void {
    const current = this.docs.get(id);
    if (!next && !current) return;
    this.observer?.(this, id, current);
    for (const { hash } of this.secondary.values()) {
      if (hash) hash.update(id, current ? hash.keysOf(current) : [], entries?.get(hash) ?? []);
    }
    if (next) {
      this.docs.set(id, next);
      changes.push({ op: 'put', db: this.db, coll: this.name, doc: next });
    } else if (current) {
      this.docs.delete(id);
      changes.push({ op: 'delete', db: this.db, coll: this.name, id: current._id });
    }
  }

  /**
   * Adds indexes, building each over the existing documents first: a unique
   * violation (or parallel arrays) fails the whole call with nothing added.
   */
  createIndexes(definitions: readonly IndexDefinition[], changes: Change[]): void {
    const built: { definition: IndexDefinition; hash?: HashIndex }[] = [];
    for (const definition of definitions) {
      if (!definition.hashable) {
        built.push({ definition });
        continue;
      }
      const hash = new HashIndex(definition);
      for (const [id, doc] of this.docs) {
        const keys = hash.keysOf(doc);
        const duplicate = hash.duplicateOf(keys);
        if (duplicate) throw this.duplicateKey(definition, duplicate.values);
        hash.add(id, keys);
      }
      built.push({ definition, hash });
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
