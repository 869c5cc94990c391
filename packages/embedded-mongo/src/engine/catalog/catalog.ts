import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { ID_INDEX_NAME, parseIndexSpec } from '../indexes/index-spec';
import type { Change } from '../types';
import { canonicalKey } from '../values/canonical-key';
import { cloneValue } from '../values/clone';
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

/** Every database and collection of the engine. Databases exist while they hold a collection. */
export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();
  private readonly observer: DocumentObserver | undefined;

  /** `observer` is told about every document change of every collection. */
  constructor(observer?: DocumentObserver) {
    this.observer = observer;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  /** Every collection of every database. */
  *allCollections(): Generator<Collection> {
    for (const collections of this.databases.values()) yield* collections.values();
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }

  /**
   * `create`: a collection with these options. Re-creating an existing one with
   * the same options succeeds (mongod 7.0); different options are NamespaceExists.
   */
  createCollection(db: string, name: string, options: Document, changes: Change[]): Collection {
    const existing = this.collection(db, name);
    if (existing) {
      if (canonicalKey(existing.options) === canonicalKey(options)) return existing;
      throw new CommandError(ErrorCode.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    assertValidDatabaseName(db);
    assertValidCollectionName(name);
    const collection = new Collection(db, name, cloneValue(options), this.observer);
    let collections = this.databases.get(db);
    if (!collections) {
      collections = new Map();
      this.databases.set(db, collections);
    }
    collections.set(name, collection);
    changes.push({ op: 'createCollection', db, coll: name, options: cloneValue(options) });
    return collection;
  }

  /** The collection a write goes to, created implicitly (as mongod does) if missing. */
  collectionForWrite(db: string, name: string, changes: Change[]): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, {}, changes);
  }

  dropCollection(db: string, name: string, changes: Change[]): Collection | undefined {
    const collections = this.databases.get(db);
    const collection = collections?.get(name);
    if (!collections || !collection) return undefined;
    collections.delete(name);
    if (collections.size === 0) this.databases.delete(db);
    changes.push({ op: 'dropCollection', db, coll: name });
    return collection;
  }

  dropDatabase(db: string, changes: Change[]): boolean {
    if (!this.databases.delete(db)) return false;
    changes.push({ op: 'dropDatabase', db });
    return true;
  }

  /** The whole state as changes that rebuild it: per collection, its creation, indexes, then documents. */
  *snapshot(): Generator<Change> {
    for (const [db, collections] of this.databases) {
      for (const collection of collections.values()) {
        const coll = collection.name;
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
        if (!this.collection(change.db, change.coll)) {
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
