import DataLoader from 'dataloader';

/**
 * A loader definition, made once at module level; each request gets its own
 * DataLoader instance from it, so batches and caches never leak between users.
 */
export interface LoaderDefinition<K, V, C> {
  readonly name: string;
  readonly batch: (keys: readonly K[], context: C) => Promise<ReadonlyArray<V | Error>>;
  readonly cacheKey?: (key: K) => unknown;
}

export function defineLoader<K, V, C = unknown>(
  definition: LoaderDefinition<K, V, C>,
): LoaderDefinition<K, V, C> {
  return definition;
}

/** The per-request set of DataLoaders; create one per request, with the request's context. */
export class RequestLoaders<C = unknown> {
  private readonly loaders = new Map<
    LoaderDefinition<unknown, unknown, C>,
    DataLoader<unknown, unknown>
  >();

  constructor(private readonly context: () => C) {}

  get<K, V>(definition: LoaderDefinition<K, V, C>): DataLoader<K, V, unknown> {
    const known = this.loaders.get(definition as LoaderDefinition<unknown, unknown, C>);
    if (known) return known as DataLoader<K, V, unknown>;
    const loader = new DataLoader<K, V, unknown>((keys) => definition.batch(keys, this.context()), {
      cacheKeyFn: definition.cacheKey,
    });
    this.loaders.set(
      definition as LoaderDefinition<unknown, unknown, C>,
      loader as DataLoader<unknown, unknown>,
    );
    return loader;
  }
}

/**
 * Orders batch results as DataLoader requires: one entry per key, in key
 * order; `null` where nothing was found.
 */
export function byKeys<K, V>(
  keys: readonly K[],
  values: readonly V[],
  keyOf: (value: V) => K,
): (V | null)[] {
  const index = new Map<string, V>();
  for (const value of values) index.set(String(keyOf(value)), value);
  return keys.map((key) => index.get(String(key)) ?? null);
}
