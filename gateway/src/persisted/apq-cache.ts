import type { RedisClientType } from '@redis/client';
import {
  InMemoryLRUCache,
  type KeyValueCache,
  type KeyValueCacheSetOptions,
} from '@apollo/utils.keyvaluecache';

export interface ApqCacheOptions {
  /** Shares registered queries between replicas. Default: in memory, per process. */
  readonly redis?: RedisClientType;
  /** Prefix of the Redis keys. Default `weace:apq:`. */
  readonly keyPrefix?: string;
  /** Largest total size of the queries kept in memory (LRU). Default 16 MiB. */
  readonly maxMemoryBytes?: number;
}

/** Apollo's cache interface over Redis; a failing Redis is a miss, so the client resends the text. */
class RedisCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = options?.ttl;
    await this.redis.set(this.prefix + key, value, ttl ? { EX: ttl } : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}

/**
 * The automatic persisted queries cache of apps (ApolloServer's
 * `persistedQueries.cache`): bounded in memory, or on Redis when configured,
 * where the TTL bounds it (ApolloServer's `persistedQueries.ttl`).
 */
export function createApqCache(options: ApqCacheOptions = {}): KeyValueCache<string> {
  if (options.redis) return new RedisCache(options.redis, options.keyPrefix ?? 'weace:apq:');
  return new InMemoryLRUCache<string>({
    maxSize: options.maxMemoryBytes ?? 16 * 1024 * 1024,
    sizeCalculation: InMemoryLRUCache.sizeCalculation,
  });
}
