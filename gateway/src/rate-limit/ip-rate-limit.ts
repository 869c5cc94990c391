import { ErrorCode, type Logger } from '@weace/service-kit';
import type { RequestHandler } from 'express';
import { clientKeyOf } from './client-key';
import {
  type NamedLimiter,
  type RateLimit,
  type RateLimiterFactory,
  charge,
  refusalHeaders,
  refusalMessage,
} from './rate-limiters';

export interface IpRateLimitOptions {
  readonly limiters: RateLimiterFactory;
  /** Requests per client IP (an IPv6 /64) per window. Default 600 per 60 s. */
  readonly limit?: RateLimit;
  readonly logger: Logger;
}

export const IP_RATE_LIMIT_DEFAULT: RateLimit = { points: 600, windowSeconds: 60 };

/**
 * Express middleware counting every request by client IP before its body is
 * read, so a flood costs no parsing, verification or planning. Over the
 * limit: 429 with `Retry-After`, `RateLimit` and `RateLimit-Policy` and a
 * GraphQL-shaped RATE_LIMITED error. `req.ip` is the client's only when
 * `trust proxy` names the proxies in front (TRUST_PROXY).
 */
export function ipRateLimit(options: IpRateLimitOptions): RequestHandler {
  const ip: NamedLimiter = options.limiters('ip', options.limit ?? IP_RATE_LIMIT_DEFAULT);
  return async (req, res, next) => {
    try {
      const refusal = await charge(ip, clientKeyOf(req.ip));
      if (!refusal) return next();
      res
        .status(429)
        .set(refusalHeaders(refusal))
        .json({
          errors: [
            {
              message: refusalMessage(refusal),
              extensions: {
                code: ErrorCode.RateLimited,
                retryAfterSeconds: refusal.retryAfterSeconds,
              },
            },
          ],
        });
    } catch (error) {
      // The store failed and its insurance too: serve rather than refuse everyone.
      options.logger.error({ err: error }, 'rate limit store failed');
      next();
    }
  };
}
