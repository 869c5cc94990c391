import type { RequestHandler } from 'express';

export interface AdmissionOptions {
  /** Requests served at once; one more is refused at once with 503. Default 128. */
  readonly maxInFlight?: number;
  /** The `Retry-After` of a refusal, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /**
   * Paths neither counted nor refused: liveness and readiness probes, and
   * (later) long-lived streams, which have caps of their own. Default
   * `/health`, `/ready`. A path matches itself and everything below it.
   */
  readonly exemptPaths?: readonly string[];
}

export const DEFAULT_EXEMPT_PATHS = ['/health', '/ready'] as const;

/** Whether `path` is one of `prefixes` or below one. */
export function isExempt(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/**
 * Admission control: past `maxInFlight` requests in progress, answer 503
 * with `Retry-After` before reading the body, instead of queueing work the
 * gateway cannot finish in time. So admitted requests keep their latency and
 * memory stays bounded however many clients push. Runs first on the request
 * path.
 */
export function useAdmission(options: AdmissionOptions = {}): RequestHandler {
  const maxInFlight = options.maxInFlight ?? 128;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const exempt = options.exemptPaths ?? DEFAULT_EXEMPT_PATHS;
  const refusal = JSON.stringify({
    errors: [
      {
        message: 'The gateway is busy; retry shortly',
        extensions: { code: 'SERVICE_OVERLOADED' },
      },
    ],
  });
  let inFlight = 0;
  return (req, res, next) => {
    if (isExempt(req.path, exempt)) return next();
    if (inFlight >= maxInFlight) {
      // Answered before the body is read: a flood costs little more than these bytes.
      res.writeHead(503, {
        'content-type': 'application/json',
        'retry-after': retryAfter,
        'cache-control': 'no-store',
      });
      res.end(refusal);
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    next();
  };
}
