import type { Caller, InternalTokens } from '@weace/service-kit';

export interface InternalTokenCacheOptions {
  readonly tokens: InternalTokens;
  /** Distinct (caller, client IP, subgraph) tokens kept; the oldest go first. Default 10 000. */
  readonly maxEntries?: number;
}

export interface TokenRequest {
  /** Names the caller and client IP uniquely ({@link callerKeyOf}). */
  readonly callerKey: string;
  readonly caller: Caller;
  readonly clientIp?: string;
  /** The subgraph the token is for. */
  readonly audience: string;
}

/**
 * Internal tokens for subgraph fetches, reused while more than half their
 * life remains: every fetch, however late in a long request, carries a token
 * valid for at least that long, and a burst of requests from one caller
 * signs once instead of once per fetch.
 */
export function createInternalTokenCache(options: InternalTokenCacheOptions) {
  const maxEntries = options.maxEntries ?? 10_000;
  const renewAfterMs = (options.tokens.ttlSeconds * 1000) / 2;
  const cache = new Map<string, { token: Promise<string>; renewAt: number }>();
  return {
    tokenFor({ callerKey, caller, clientIp, audience }: TokenRequest): Promise<string> {
      const key = `${audience}\u0000${callerKey}`;
      const now = performance.now();
      const cached = cache.get(key);
      if (cached && cached.renewAt > now) return cached.token;
      if (cached) cache.delete(key);
      const token = options.tokens.sign(caller, { audience, clientIp });
      cache.set(key, { token, renewAt: now + renewAfterMs });
      token.catch(() => cache.delete(key));
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return token;
    },
  };
}

/** Everything an internal token says about who asks, as one string: the key of caches and deduplication. */
export function callerKeyOf(caller: Caller, clientIp = ''): string {
  switch (caller.kind) {
    case 'anonymous':
      return `anonymous\u0000${clientIp}`;
    case 'user': {
      const { sub, userId = '', email = '', roles } = caller.identity;
      return `user\u0000${clientIp}\u0000${sub}\u0000${userId}\u0000${email}\u0000${roles.join(',')}`;
    }
    case 'service':
      return `service\u0000${clientIp}\u0000${caller.service}\u0000${caller.operations.join(',')}`;
  }
}
