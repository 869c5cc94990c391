import { type RedisClientType, createClient } from '@redis/client';
import type { Logger } from '@weace/service-kit';

/**
 * The one Redis connection of a gateway (REDIS_URL): rate-limit counters and
 * the APQ cache, shared by every replica. node-redis reconnects by itself;
 * while it is away the rate limits fall back to memory and APQ misses.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url });
  // node-redis emits every connection error; unheard, one would end the process.
  client.on('error', (error: unknown) => logger.warn({ err: error }, 'redis connection error'));
  await client.connect();
  return client;
}
