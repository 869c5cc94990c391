import type { Context } from 'cognito-local/lib/services/context';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory';

/**
 * Stores whose changes are applied one after another.
 *
 * cognito-local's StormDB store rewrites the whole JSON file with a plain `fs.writeFile` on
 * every change. Two writes in flight at once (concurrent requests, or cognito-local's own
 * `Promise.all` over a user's groups) can leave the tail of a longer, older file behind a
 * shorter, newer one, and the pool no longer loads.
 */
export function withSerializedWrites(factory: DataStoreFactory): DataStoreFactory {
  return {
    create: async (ctx, id, defaults) =>
      new SerializedDataStore(await factory.create(ctx, id, defaults)),
  };
}

class SerializedDataStore implements DataStore {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: DataStore) {}

  get<T>(ctx: Context, key: string | string[]): Promise<T | null>;
  get<T>(ctx: Context, key: string | string[], defaultValue: T): Promise<T>;
  get<T>(ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    return defaultValue === undefined
      ? this.store.get<T>(ctx, key)
      : this.store.get<T>(ctx, key, defaultValue);
  }

  getRoot<T>(ctx: Context): Promise<T | null> {
    return this.store.getRoot<T>(ctx);
  }

  set<T>(ctx: Context, key: string | string[], value: T): Promise<void> {
    return this.inTurn(() => this.store.set(ctx, key, value));
  }

  delete(ctx: Context, key: string | string[]): Promise<void> {
    return this.inTurn(() => this.store.delete(ctx, key));
  }

  private inTurn(change: () => Promise<void>): Promise<void> {
    const done = this.last.then(change);
    this.last = done.catch(() => undefined);
    return done;
  }
}
