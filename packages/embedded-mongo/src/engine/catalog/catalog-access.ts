import type { Catalog } from './catalog';
import type { Collection } from './collection';

/**
 * What commands use of a collection. The catalog's own collections provide
 * it, and so does a transaction's view of one (its snapshot plus its own
 * writes), so the same command code runs inside and outside transactions.
 */
export type CollectionAccess = Pick<
  Collection,
  | 'db'
  | 'name'
  | 'namespace'
  | 'uuid'
  | 'options'
  | 'size'
  | 'documents'
  | 'indexes'
  | 'find'
  | 'plan'
  | 'execute'
  | 'getById'
  | 'insert'
  | 'replace'
  | 'remove'
  | 'createIndexes'
  | 'dropIndexes'
>;

/** What commands use of the catalog; see CollectionAccess. */
export interface CatalogAccess extends Pick<
  Catalog,
  'databaseNames' | 'dropDatabase' | 'viewDefinition' | 'viewsOf' | 'resolve' | 'createView'
> {
  collection(db: string, name: string): CollectionAccess | undefined;
  collections(db: string): CollectionAccess[];
  collectionForWrite(...args: Parameters<Catalog['collectionForWrite']>): CollectionAccess;
  createCollection(...args: Parameters<Catalog['createCollection']>): CollectionAccess;
  dropCollection(...args: Parameters<Catalog['dropCollection']>): CollectionAccess | undefined;
  replaceCollection(...args: Parameters<Catalog['replaceCollection']>): void;
}
