import type { RedisClientType } from '@redis/client';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** A number of points per window, e.g. 300 requests per 60 s. */
export interface RateLimit {
  readonly points: number;
  readonly windowSeconds: number;
}

/** A limit by name, as the `RateLimit-Policy` header names it. */
export interface NamedLimiter {
  readonly name: string;
  readonly limit: RateLimit;
  readonly limiter: RateLimiterAbstract;
}

export interface RateLimitersOptions {
  /** Shared counters for every gateway replica. Default: in memory, per process. */
  readonly redis?: RedisClientType;
  /** Prefix of every key in Redis, so tests and deployments do not mix. Default `weace:rl`. */
  readonly keyPrefix?: string;
}

/** Makes limiters in one store: memory, or Redis with memory as its insurance while Redis is away. */
export function createRateLimiters(options: RateLimitersOptions = {}) {
  const prefix = options.keyPrefix ?? 'weace:rl';
  return (name: string, limit: RateLimit): NamedLimiter => {
    const settings = {
      points: limit.points,
      duration: limit.windowSeconds,
      keyPrefix: `${prefix}:${name}`,
    };
    const memory = new RateLimiterMemory(settings);
    const limiter = options.redis
      ? new RateLimiterRedis({
          ...settings,
          storeClient: options.redis,
          useRedisPackage: true,
          // An unreachable Redis limits per replica rather than not at all, or refusing everyone.
          insuranceLimiter: memory,
        })
      : memory;
    return { name, limit, limiter };
  };
}

export type RateLimiterFactory = ReturnType<typeof createRateLimiters>;

/** Why a request was refused: the limit and how long until it admits again. */
export interface Refusal {
  readonly limiter: NamedLimiter;
  readonly retryAfterSeconds: number;
}

/**
 * Charges `points` to `key`; resolves to the refusal when the key is over the
 * limit, or undefined when the request may go on.
 */
export async function charge(
  limiter: NamedLimiter,
  key: string,
  points = 1,
): Promise<Refusal | undefined> {
  if (points <= 0) return undefined;
  try {
    await limiter.limiter.consume(key, points);
    return undefined;
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { limiter, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  }
}

/**
 * The headers of a 429, in the IETF draft's structured-field format
 * (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` states the
 * policy, `RateLimit` what remains of it (nothing) and when it resets.
 */
export function refusalHeaders({ limiter, retryAfterSeconds }: Refusal): Record<string, string> {
  const name = `"${limiter.name}"`;
  return {
    'retry-after': String(retryAfterSeconds),
    'ratelimit-policy': `${name};q=${limiter.limit.points};w=${limiter.limit.windowSeconds}`,
    ratelimit: `${name};r=0;t=${retryAfterSeconds}`,
  };
}

export function refusalMessage({ limiter, retryAfterSeconds }: Refusal): string {
  return `Too many requests (${limiter.name} limit); retry in ${retryAfterSeconds} s`;
}
