import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';

/** The Redis the tests use: REDIS_URL, else the local one `.ci/run` starts. */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run shares. */
export const uniquePrefix = () => `weace-test:${randomUUID()}:`;

type Client = ReturnType<typeof createClient>;

async function withKeys<T>(prefix: string, use: (client: Client, keys: string[]) => Promise<T>) {
  const client: Client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      keys.push(...batch);
    }
    return await use(client, keys);
  } finally {
    client.destroy();
  }
}

/** Every key under `prefix`. */
export const keysUnder = (prefix: string) => withKeys(prefix, async (_client, keys) => keys);

/** Deletes every key under `prefix`: a test run leaves nothing behind. */
export const deleteKeys = (prefix: string) =>
  withKeys(prefix, async (client, keys) => (keys.length ? client.del(keys) : 0));
