import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { ID_INDEX_NAME, parseIndexSpec } from '../indexes/index-spec';
import type { Change } from '../types';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
import {
  MAX_VIEW_DEPTH,
  isViewOptions,
  parseViewOptions,
  viewNotWritable,
  type ViewDefinition,
} from '../views/view-definition';
import { Collection, type DocumentObserver, type DocumentWrite } from './collection';

const INVALID_DB_CHARS = /[/\\. "$*<>:|?\0]/;

/** mongod's rules for database names. */
export function assertValidDatabaseName(db: string): void {
  if (db === '' || db.length >= 64 || INVALID_DB_CHARS.test(db)) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid database name: '${db}'`);
  }
}

/** mongod's rules for collection names a client may create or write. */
export function assertValidCollectionName(name: string): void {
  if (name === '' || name.includes('$') || name.includes('\0') || name.startsWith('.')) {
    throw new CommandError(ErrorCode.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}

/** Where a namespace's documents come from: a collection, through the pipelines of the views on it. */
export interface ResolvedNamespace {
  /** The collection at the bottom of the view chain (the namespace itself when it is no view). */
  readonly collection: string;
  /** The pipelines of the views from the bottom up, concatenated (empty for a collection). */
  readonly pipeline: readonly Document[];
}

/**
 * Every database, collection and view of the engine. Databases exist while
 * they hold a collection or a view.
 *
 * Views live beside the collections, not in a `system.views` collection as in
 * mongod: they are journaled and snapshotted as `createCollection` changes
 * whose options hold `viewOn`, so replay needs no record type of its own.
 */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private readonly observer: DocumentObserver | undefined;

  /** `observer` is told about every document change of every collection. */
  constructor(observer?: DocumentObserver) {
    this.observer = observer;
  }
  private readonly views = new Map<string, Map<string, ViewDefinition>>();

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  viewDefinition(db: string, name: string): ViewDefinition | undefined {
    return this.views.get(db)?.get(name);
  }

  /** The views of a database, by name. */
  viewsOf(db: string): [string, ViewDefinition][] {
    return [...(this.views.get(db) ?? [])];
  }

  /**
   * Follows `name` through views down to a collection (which need not exist),
   * as mongod resolves a read on a view.
   */
  resolve(db: string, name: string): ResolvedNamespace {
    const pipelines: (readonly Document[])[] = [];
    const seen = [name];
    let collection = name;
    for (
      let view = this.viewDefinition(db, name);
      view;
      view = this.viewDefinition(db, collection)
    ) {
      collection = view.viewOn;
      if (seen.includes(collection)) {
        throw new CommandError(
          ErrorCode.GraphContainsCycle,
          `View cycle detected: ${[...seen, collection].map((n) => `${db}.${n}`).join(' => ')}`,
        );
      }
      if (pipelines.length >= MAX_VIEW_DEPTH) {
        throw new CommandError(
          ErrorCode.ViewDepthLimitExceeded,
          `View depth too deep or view cycle detected. Maximum depth is ${MAX_VIEW_DEPTH}`,
        );
      }
      seen.push(collection);
      pipelines.unshift(view.pipeline);
    }
    return { collection, pipeline: pipelines.flat() };
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** Every collection of every database. */
  *allCollections(): Generator<Collection> {
    for (const collections of this.databases.values()) yield* collections.values();
  }

  databaseNames(): string[] {
    return [...new Set([...this.databases.keys(), ...this.views.keys()])];
  }

  /**
   * `create`: a collection, or a view when the options hold `viewOn`.
   * Re-creating an existing one with the same options succeeds (mongod 7.0);
   * different options, or a view where a collection is (or the reverse), are
   * NamespaceExists.
   */
  createCollection(db: string, name: string, options: Document, changes: Change[]): Collection {
    const existing = this.collection(db, name);
    if (existing && canonicalKey(existing.options) === canonicalKey(options)) return existing;
    if (existing || this.viewDefinition(db, name)) {
      throw new CommandError(ErrorCode.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    assertValidDatabaseName(db);
    assertValidCollectionName(name);
    const collection = new Collection(db, name, cloneValue(options), this.observer);
    this.install(collection);
    changes.push({ op: 'createCollection', db, coll: name, options: cloneValue(options) });
    return collection;
  }

  /** `create` with `viewOn`: a view (which only exists in the catalog, no documents). */
  createView(db: string, name: string, options: Document, changes: Change[]): void {
    const view = parseViewOptions(options);
    const existing = this.viewDefinition(db, name);
    if (existing && canonicalKey(existing.options) === canonicalKey(view.options)) return;
    if (existing || this.collection(db, name)) {
      throw new CommandError(ErrorCode.NamespaceExists, `Namespace ${db}.${name} already exists`);
    }
    assertValidDatabaseName(db);
    assertValidCollectionName(name);
    let views = this.views.get(db);
    if (!views) {
      views = new Map();
      this.views.set(db, views);
    }
    views.set(name, view);
    try {
      this.resolve(db, name);
    } catch (error) {
      this.dropView(db, name, []);
      throw error;
    }
    changes.push({ op: 'createCollection', db, coll: name, options: cloneValue(view.options) });
  }

  private install(collection: Collection): void {
    let collections = this.databases.get(collection.db);
    if (!collections) {
      collections = new Map();
      this.databases.set(collection.db, collections);
    }
    collections.set(collection.name, collection);
  }

  /**
   * The collection a write goes to, created implicitly (as mongod does) if
   * missing. A view is never written: CommandNotSupportedOnView.
   */
  collectionForWrite(db: string, name: string, changes: Change[]): Collection {
    if (this.viewDefinition(db, name)) throw viewNotWritable(`${db}.${name}`);
    return this.collection(db, name) ?? this.createCollection(db, name, {}, changes);
  }

  /**
   * Replaces `db.name` whole (`$out`): `fill` loads a new, detached collection
   * that has the current one's options and secondary indexes, and only if it
   * returns is that collection put in place — the old one dropped and the new
   * one journaled as created with its indexes and documents. A throw from
   * `fill` (a duplicate key) leaves everything as it was.
   */
  replaceCollection(
    db: string,
    name: string,
    fill: (fresh: Collection) => void,
    changes: Change[],
  ): void {
    if (this.viewDefinition(db, name)) throw viewNotWritable(`${db}.${name}`);
    assertValidDatabaseName(db);
    assertValidCollectionName(name);
    const current = this.collection(db, name);
    const fresh = new Collection(db, name, cloneValue(current?.options ?? {}), this.observer);
    const secondary = current?.indexes().filter((index) => index.name !== ID_INDEX_NAME) ?? [];
    fresh.createIndexes(secondary, []);
    fill(fresh);
    this.dropCollection(db, name, changes);
    this.install(fresh);
    changes.push(...collectionChanges(fresh));
  }

  /** Drops the collection or the view `db.name`; the collection is returned. */
  dropCollection(db: string, name: string, changes: Change[]): Collection | undefined {
    if (this.dropView(db, name, changes)) return undefined;
    const collections = this.databases.get(db);
    const collection = collections?.get(name);
    if (!collections || !collection) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.databases.delete(db);
    changes.push({ op: 'dropCollection', db, coll: name });
    return collection;
  }

  private dropView(db: string, name: string, changes: Change[]): boolean {
    const views = this.views.get(db);
    if (!views?.delete(name)) return false;
    if (views.size === 0) this.views.delete(db);
    changes.push({ op: 'dropCollection', db, coll: name });
    return true;
  }

  dropDatabase(db: string, changes: Change[]): boolean {
    const hadViews = this.views.delete(db);
    if (!this.databases.delete(db) && !hadViews) return false;
    changes.push({ op: 'dropDatabase', db });
    return true;
  }

  /**
   * The whole state as changes that rebuild it: views, then per collection
   * its creation, indexes and documents.
   */
  *snapshot(): Generator<Change> {
    for (const [db, views] of this.views) {
      for (const [coll, view] of views) {
        yield { op: 'createCollection', db, coll, options: cloneValue(view.options) };
      }
    }
    for (const collections of this.databases.values()) {
      for (const collection of collections.values()) yield* collectionChanges(collection);
    }
  }

  /**
   * Replays one durable change. The journal only holds changes the engine
   * accepted, so a change that no longer fits (a duplicate key) means a
   * corrupt journal and is thrown.
   */
  apply(change: Change): void {
    const discard: Change[] = [];
    switch (change.op) {
      case 'createCollection':
        if (isViewOptions(change.options)) {
          this.createView(change.db, change.coll, change.options, discard);
        } else if (!this.collection(change.db, change.coll)) {
          this.createCollection(change.db, change.coll, change.options, discard);
        }
        return;
      case 'dropCollection':
        this.dropCollection(change.db, change.coll, discard);
        return;
      case 'dropDatabase':
        this.dropDatabase(change.db, discard);
        return;
      case 'createIndexes': {
        const collection = this.collectionForWrite(change.db, change.coll, discard);
        const existing = new Set(collection.indexes().map((index) => index.name));
        const definitions = change.indexes
          .map(parseIndexSpec)
          .filter((definition) => !existing.has(definition.name));
        collection.createIndexes(definitions, discard);
        return;
      }
      case 'dropIndexes':
        this.collection(change.db, change.coll)?.dropIndexes(change.names, discard);
        return;
      case 'put': {
        const collection = this.collectionForWrite(change.db, change.coll, discard);
        const doc = cloneValue(change.doc);
        const current = collection.getById(doc._id);
        if (current) collection.replace(current, doc, discard);
        else collection.insert(doc, discard);
        return;
      }
      case 'delete': {
        const collection = this.collection(change.db, change.coll);
        const current = collection?.getById(change.id);
        if (collection && current) collection.remove(current, discard);
        return;
      }
      case 'commit':
        this.applyCommit(change.changes);
        return;
    }
  }

  /** A commit's document writes go in per collection at once, as they were committed. */
  private applyCommit(changes: readonly Change[]): void {
    const discard: Change[] = [];
    const writes = new Map<Collection, DocumentWrite[]>();
    for (const change of changes) {
      if (change.op !== 'put' && change.op !== 'delete') {
        this.apply(change);
        continue;
      }
      const collection =
        change.op === 'put'
          ? this.collectionForWrite(change.db, change.coll, discard)
          : this.collection(change.db, change.coll);
      if (!collection) continue;
      let batch = writes.get(collection);
      if (!batch) writes.set(collection, (batch = []));
      batch.push(
        change.op === 'put'
          ? { id: canonicalKey(change.doc._id), next: cloneValue(change.doc) }
          : { id: canonicalKey(change.id) },
      );
    }
    const apply = [...writes].map(([collection, batch]) => collection.prepareWrites(batch));
    for (const step of apply) step(discard);
  }
}

/** The changes that rebuild one collection: its creation, its indexes, then its documents. */
function* collectionChanges(collection: Collection): Generator<Change> {
  const { db, name: coll } = collection;
  yield { op: 'createCollection', db, coll, options: cloneValue(collection.options) };
  const indexes = collection.indexes().filter((index) => index.name !== ID_INDEX_NAME);
  if (indexes.length > 0) {
    yield {
      op: 'createIndexes',
      db,
      coll,
      indexes: indexes.map((index) => cloneValue(index.spec)),
    };
  }
  for (const doc of collection.documents()) yield { op: 'put', db, coll, doc };
}
