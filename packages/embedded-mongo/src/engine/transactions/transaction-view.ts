import { type Document, UUID } from 'bson';
import type { Catalog, ResolvedNamespace } from '../catalog/catalog';
import type { CatalogAccess, CollectionAccess } from '../catalog/catalog-access';
import { type Collection, duplicateKeyError } from '../catalog/collection';
import { assertStorable } from '../catalog/document-rules';
import { CommandError, ErrorCode } from '../errors';
import { ID_INDEX, type IndexDefinition } from '../indexes/index-spec';
import type { ExecutionStats } from '../indexes/ordered-index';
import { compileFilter, type CompiledFilter } from '../query/filter';
import type { QueryPlan } from '../query/plan';
import type { SortSpec } from '../query/sort';
import type { Change } from '../types';
import { canonicalKey } from '../values/canonical-key';
import { type ViewDefinition, viewNotWritable } from '../views/view-definition';
import type { NamespaceWrites, Transaction, TransactionManager } from './transaction';

/** Thrown by a plain write that touched a document an open transaction holds: retry once it ends. */
export class WaitForTransaction extends Error {
  constructor(readonly holder: Transaction) {
    super('blocked by an open transaction');
    this.name = 'WaitForTransaction';
  }
}

/** mongod's WriteConflict; the session layer labels it TransientTransactionError and aborts. */
export function writeConflict(): CommandError {
  return new CommandError(
    ErrorCode.WriteConflict,
    'Caused by :: Write conflict during plan execution and yielding is disabled. :: Please retry your write operation.',
  );
}

const MATCH_ALL = compileFilter({});

/**
 * A collection as a transaction sees it: the committed documents of its
 * snapshot with its own writes on top. Writes go to the transaction's write
 * set, after the checks mongod makes: a document another open transaction
 * wrote, or one committed after the snapshot, is a write conflict (the first
 * writer wins); unique indexes count committed documents, the transaction's
 * own and other open transactions' uncommitted ones.
 */
export class TransactionCollection implements CollectionAccess {
  readonly namespace: string;

  constructor(
    private readonly manager: TransactionManager,
    private readonly transaction: Transaction,
    readonly db: string,
    readonly name: string,
  ) {
    this.namespace = `${db}.${name}`;
  }

  /** The committed collection, looked up each time: DDL may create it meanwhile. */
  private get base(): Collection | undefined {
    return this.manager.catalog.collection(this.db, this.name);
  }

  private get own(): NamespaceWrites | undefined {
    return this.transaction.writes.get(this.namespace);
  }

  private pendingUuid: UUID | undefined;

  /** A collection the transaction creates gets its uuid at commit; until then a provisional one. */
  get uuid(): UUID {
    return this.base?.uuid ?? (this.pendingUuid ??= new UUID());
  }

  get options(): Document {
    return this.base?.options ?? {};
  }

  get size(): number {
    return [...this.find(MATCH_ALL)].length;
  }

  private visible(id: string): Document | undefined {
    const own = this.own?.docs.get(id);
    if (own !== undefined) return own ?? undefined;
    const base = this.base;
    return base && this.manager.versions.read(base, id, this.transaction.snapshot);
  }

  getById(id: unknown): Document | undefined {
    return this.visible(canonicalKey(id));
  }

  documents(): IterableIterator<Document> {
    return this.find(MATCH_ALL);
  }

  indexes(): IndexDefinition[] {
    return this.base?.indexes() ?? [ID_INDEX];
  }

  /**
   * `_id` keys the transaction sees otherwise than the committed collection
   * has them: changed since its snapshot, or written by it.
   */
  private overridden(base: Collection | undefined): Set<string> {
    const changed = base ? this.manager.versions.changedSince(base, this.transaction.snapshot) : [];
    return new Set([...changed, ...(this.own?.docs.keys() ?? [])]);
  }

  /**
   * The committed collection's plan, which holds for the documents nobody
   * changed since the snapshot; the others are merged in, so the result is
   * in index order only when there are none.
   */
  plan(filter: CompiledFilter, sort?: SortSpec): QueryPlan {
    const base = this.base;
    if (!base) return { kind: 'collscan', filter, sorted: false };
    const plan = base.plan(filter, sort);
    return plan.sorted && this.overridden(base).size > 0 ? { ...plan, sorted: false } : plan;
  }

  /**
   * Read eagerly: a cursor may outlive the transaction, and the versions its
   * snapshot needs are dropped when it ends.
   */
  *execute(plan: QueryPlan, stats?: ExecutionStats): Generator<Document> {
    const base = this.base;
    const overridden = this.overridden(base);
    const found: Document[] = [];
    for (const doc of base?.execute(plan, stats) ?? []) {
      if (overridden.size === 0 || !overridden.has(canonicalKey(doc._id))) found.push(doc);
    }
    for (const id of overridden) {
      const doc = this.visible(id);
      if (doc && plan.filter.test(doc)) found.push(doc);
    }
    yield* found;
  }

  find(filter: CompiledFilter): Generator<Document> {
    return this.execute(this.plan(filter));
  }

  insert(doc: Document): void {
    assertStorable(doc);
    const id = canonicalKey(doc._id);
    this.claim(id);
    if (this.visible(id)) throw duplicateKeyError(this.namespace, ID_INDEX, { _id: doc._id });
    this.write(id, doc);
  }

  replace(current: Document, next: Document): void {
    assertStorable(next);
    const id = canonicalKey(current._id);
    this.claim(id);
    this.write(id, next);
  }

  remove(doc: Document): void {
    const id = canonicalKey(doc._id);
    this.claim(id);
    this.write(id, null);
  }

  /** Index changes are not transactional: they apply to the collection at once. */
  createIndexes(definitions: readonly IndexDefinition[], changes: Change[]): void {
    this.manager.catalog
      .collectionForWrite(this.db, this.name, changes)
      .createIndexes(definitions, changes);
  }

  dropIndexes(names: readonly string[], changes: Change[]): void {
    this.base?.dropIndexes(names, changes);
  }

  private conflict(holder: Transaction | undefined): Error {
    return this.transaction.implicit && holder ? new WaitForTransaction(holder) : writeConflict();
  }

  /** Takes the document's lock: fails if another transaction holds it or it changed since the snapshot. */
  private claim(id: string): void {
    const lock = `${this.namespace}\0${id}`;
    const holder = this.manager.locks.get(lock);
    if (holder === this.transaction) return;
    if (holder) throw this.conflict(holder);
    const base = this.base;
    if (base && this.manager.versions.changedAfter(base, id, this.transaction.snapshot)) {
      throw this.conflict(undefined);
    }
    this.manager.locks.set(lock, this.transaction);
    this.transaction.locks.push(lock);
  }

  private write(id: string, doc: Document | null): void {
    const keys = doc ? this.checkUnique(id, doc) : [];
    const own = this.transaction.namespace(this.db, this.name);
    for (const key of own.uniqueKeys.get(id) ?? []) this.manager.pendingKeys.delete(key);
    for (const key of keys)
      this.manager.pendingKeys.set(key, { transaction: this.transaction, id });
    own.uniqueKeys.set(id, keys);
    own.docs.set(id, doc);
  }

  /** The pending-key entries `doc` will hold, after checking none is taken. */
  private checkUnique(id: string, doc: Document): string[] {
    const base = this.base;
    if (!base) return [];
    const keys: string[] = [];
    const own = this.own;
    for (const entry of base.uniqueKeys(doc)) {
      const key = `${this.namespace}\0${entry.definition.name}\0${entry.key}`;
      const pending = this.manager.pendingKeys.get(key);
      if (pending && pending.id !== id) {
        if (pending.transaction !== this.transaction) throw this.conflict(pending.transaction);
        throw base.duplicateKey(entry.definition, entry.values);
      }
      const { holder } = entry;
      // The transaction's own version of a holder decides (its entries are pending keys).
      if (holder !== undefined && holder !== id && !own?.docs.has(holder)) {
        const lock = this.manager.locks.get(`${this.namespace}\0${holder}`);
        if (lock && lock !== this.transaction) throw this.conflict(lock);
        if (this.manager.versions.changedAfter(base, holder, this.transaction.snapshot)) {
          throw this.conflict(undefined);
        }
        throw base.duplicateKey(entry.definition, entry.values);
      }
      keys.push(key);
    }
    return keys;
  }
}

/** The catalog as a transaction sees it; collection DDL goes to the catalog at once. */
export class TransactionCatalog implements CatalogAccess {
  constructor(
    private readonly manager: TransactionManager,
    private readonly transaction: Transaction,
  ) {}

  private view(db: string, name: string): TransactionCollection {
    return new TransactionCollection(this.manager, this.transaction, db, name);
  }

  collection(db: string, name: string): CollectionAccess | undefined {
    const exists =
      this.manager.catalog.collection(db, name) !== undefined ||
      this.transaction.writes.has(`${db}.${name}`);
    return exists ? this.view(db, name) : undefined;
  }

  /** Creation waits for the commit: an aborted transaction leaves no collection behind. */
  collectionForWrite(db: string, name: string): CollectionAccess {
    if (this.manager.catalog.viewDefinition(db, name)) throw viewNotWritable(`${db}.${name}`);
    return this.view(db, name);
  }

  collections(db: string): CollectionAccess[] {
    return this.manager.catalog.collections(db).map((c) => this.view(db, c.name));
  }

  createCollection(
    db: string,
    name: string,
    options: Document,
    changes: Change[],
  ): CollectionAccess {
    this.manager.catalog.createCollection(db, name, options, changes);
    return this.view(db, name);
  }

  dropCollection(db: string, name: string, changes: Change[]): CollectionAccess | undefined {
    return this.manager.catalog.dropCollection(db, name, changes);
  }

  /** `$out` swaps a whole collection, which a transaction's write set cannot hold (as in mongod). */
  replaceCollection(): void {
    throw new CommandError(
      ErrorCode.OperationNotSupportedInTransaction,
      '$out cannot be used in a transaction',
    );
  }

  viewDefinition(db: string, name: string): ViewDefinition | undefined {
    return this.manager.catalog.viewDefinition(db, name);
  }

  viewsOf(...args: Parameters<Catalog['viewsOf']>): ReturnType<Catalog['viewsOf']> {
    return this.manager.catalog.viewsOf(...args);
  }

  resolve(db: string, name: string): ResolvedNamespace {
    return this.manager.catalog.resolve(db, name);
  }

  createView(db: string, name: string, options: Document, changes: Change[]): void {
    this.manager.catalog.createView(db, name, options, changes);
  }

  dropDatabase(db: string, changes: Change[]): boolean {
    return this.manager.catalog.dropDatabase(db, changes);
  }

  databaseNames(): string[] {
    return this.manager.catalog.databaseNames();
  }
}
