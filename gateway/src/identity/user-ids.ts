import { type InternalTokenSecret, type Logger, createServiceClient } from '@weace/service-kit';

export interface UserIdLookupOptions {
  /** The users subgraph's GraphQL URL. */
  readonly usersUrl: string;
  readonly internalTokenSecret: InternalTokenSecret;
  readonly logger: Logger;
  /** How long a found id is reused. Default 60 s: a deleted profile stops resolving within it. */
  readonly ttlMs?: number;
  /** Subjects remembered; the oldest go first. Default 10 000. */
  readonly maxEntries?: number;
}

/** The `User.id` of a verified subject, or undefined while the person has no profile. */
export type UserIdLookup = (subject: string) => Promise<string | undefined>;

/**
 * Finds the profile id of the person behind an access token, so every
 * subgraph names the caller by `User.id` (the id other services keep) without
 * asking users itself. One users lookup per subject per `ttlMs`, shared by
 * concurrent requests; a person without a profile yet is asked about again
 * on their next request, so the id appears as soon as the profile does.
 */
export function createUserIdLookup(options: UserIdLookupOptions): UserIdLookup {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const users = createServiceClient({
    url: options.usersUrl,
    service: 'gateway',
    audience: 'users',
    operations: ['_entities'],
    secret: options.internalTokenSecret,
  });
  const cache = new Map<string, { id: Promise<string | undefined>; expiresAt: number }>();

  async function lookUp(subject: string): Promise<string | undefined> {
    // The users subgraph's entity lookup by its `subject` key, as the gateway's query plans do.
    const data = await users<{ _entities: ({ id: string } | null)[] }>(
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on User {
              id
            }
          }
        }
      `,
      { representations: [{ __typename: 'User', subject }] },
    );
    return data._entities[0]?.id;
  }

  return (subject) => {
    const now = performance.now();
    const cached = cache.get(subject);
    if (cached && cached.expiresAt > now) return cached.id;
    cache.delete(subject);
    const id = lookUp(subject).catch((error: unknown) => {
      // Users being down degrades to "no profile": everything not about the caller's profile still works.
      options.logger.warn({ err: error }, 'could not look up the caller’s profile id');
      return undefined;
    });
    cache.set(subject, { id, expiresAt: now + ttlMs });
    void id.then((found) => {
      if (found === undefined && cache.get(subject)?.id === id) cache.delete(subject);
    });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    return id;
  };
}
