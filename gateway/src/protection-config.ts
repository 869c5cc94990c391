import { isIP } from 'node:net';
import { envVar } from '@weace/service-kit';
import { z } from 'zod';
import type { GatewayOptions } from './gateway';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const rateLimit = z.object({
  points: z.number().int().min(1),
  windowSeconds: z.number().int().min(1),
});

/** express's names for address ranges, an address, or a CIDR. */
function isTrustedProxy(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
  const [address = '', bits, extra] = item.split('/');
  if (extra !== undefined || !isIP(address)) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= (isIP(address) === 4 ? 32 : 128);
}

/**
 * The environment variables of the gateway's protections: operation limits,
 * rate limits, proxies, Redis, persisted queries and partners. Each limit is
 * on by default; 0 turns an operation limit off.
 */
export const protectionEnv = {
  MAX_QUERY_DEPTH: count(10),
  MAX_QUERY_ALIASES: count(15),
  MAX_QUERY_ROOT_FIELDS: count(10),
  MAX_QUERY_TOKENS: count(2_000),
  MAX_QUERY_DIRECTIVES: count(20),
  MAX_QUERY_COST: count(5_000),
  /** Items a list is assumed to hold in the cost estimate when no `first`/`limit` says. */
  COST_DEFAULT_LIST_SIZE: positive(10),
  /** Bytes, or with a unit: `100kb`, `1mb`. */
  MAX_BODY_SIZE: z
    .string()
    .regex(/^\d+\s*(b|kb|mb)?$/i, { error: 'expected bytes, or a size like 100kb or 1mb' })
    .default('100kb'),
  /**
   * Which proxies may name the client in X-Forwarded-For: a hop count (`1`
   * behind one load balancer) or comma-separated addresses/CIDRs (`10.0.0.0/8`,
   * `loopback`). `0` or unset: none; the TCP peer is the client.
   */
  TRUST_PROXY: z
    .string()
    .transform((value, ctx) => {
      if (/^\d+$/.test(value)) return Number(value);
      const items = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const wrong = items.filter((item) => !isTrustedProxy(item));
      if (!items.length || wrong.length) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a hop count or addresses/CIDRs, not ${wrong.join(', ') || 'nothing'}`,
        });
        return z.NEVER;
      }
      return items;
    })
    .optional(),
  RATE_LIMIT_WINDOW_SECONDS: positive(60),
  /** Requests per client IP (IPv6: per /64) per window, before any other work. */
  RATE_LIMIT_PER_IP: positive(600),
  /** Operations per caller (person, partner app, or anonymous IP) per window. */
  RATE_LIMIT_PER_CALLER: positive(300),
  /** Estimated cost per caller per window. */
  RATE_LIMIT_COST_PER_CALLER: positive(20_000),
  /** JSON `{ "forgotPassword": { "points": 5, "windowSeconds": 900 } }`, over the defaults. */
  SENSITIVE_RATE_LIMITS: z
    .string()
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), rateLimit))
    .optional(),
  /** Shares rate limits and the APQ cache between replicas; unset, both stay in memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: 'expected a redis:// or rediss:// URL' })
    .optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('weace:'),
  APQ_TTL_SECONDS: positive(86_400),
  /** Partner API keys and manifests live in its weace_gateway database; unset, no partners. */
  MONGODB_URI: envVar.mongoUri().optional(),
  /** How soon a revoked key or a new manifest is seen by every replica. */
  PARTNER_CACHE_SECONDS: count(10),
};

type ProtectionEnv = z.infer<z.ZodObject<typeof protectionEnv>>;

export type ProtectionOptions = Pick<
  GatewayOptions,
  | 'limits'
  | 'maxBodySize'
  | 'trustProxy'
  | 'rateLimits'
  | 'redisUrl'
  | 'redisKeyPrefix'
  | 'apqTtlSeconds'
  | 'partners'
>;

export function protectionOptionsOf(env: ProtectionEnv): ProtectionOptions {
  const window = env.RATE_LIMIT_WINDOW_SECONDS;
  return {
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_QUERY_ALIASES,
      maxRootFields: env.MAX_QUERY_ROOT_FIELDS,
      maxTokens: env.MAX_QUERY_TOKENS,
      maxDirectives: env.MAX_QUERY_DIRECTIVES,
      maxCost: env.MAX_QUERY_COST,
      defaultListSize: env.COST_DEFAULT_LIST_SIZE,
    },
    maxBodySize: env.MAX_BODY_SIZE,
    trustProxy: env.TRUST_PROXY,
    rateLimits: {
      ip: { points: env.RATE_LIMIT_PER_IP, windowSeconds: window },
      requests: { points: env.RATE_LIMIT_PER_CALLER, windowSeconds: window },
      cost: { points: env.RATE_LIMIT_COST_PER_CALLER, windowSeconds: window },
      ...(env.SENSITIVE_RATE_LIMITS && { sensitive: env.SENSITIVE_RATE_LIMITS }),
    },
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    apqTtlSeconds: env.APQ_TTL_SECONDS,
    partners: env.MONGODB_URI
      ? { mongodbUri: env.MONGODB_URI, cacheSeconds: env.PARTNER_CACHE_SECONDS }
      : undefined,
  };
}
