import type { Caller } from '@weace/service-kit';
import type { Request, RequestHandler } from 'express';

export interface StreamCapOptions {
  /** Long-lived stream paths: outside the deadline and the admission count, capped here instead. */
  readonly paths?: readonly string[];
  /** Streams one person (or, unsigned, one client address) keeps open at once. Default 5. */
  readonly perCaller?: number;
  /** Streams open at once on this gateway. Default 10 000. */
  readonly total?: number;
}

export const DEFAULT_STREAM_PATHS = ['/notifications/stream'] as const;

/**
 * Caps long-lived streams (the live inbox's server-sent events), which the
 * request deadline and admission control leave alone: one person's tabs
 * cannot hold more than `perCaller`, everybody together not more than
 * `total`. Past a cap the stream is refused at once (429 for the person,
 * 503 for the gateway) with `Retry-After`, before anything reaches the service.
 */
export function capStreams(
  options: StreamCapOptions,
  callerOf: (req: Request) => Promise<Caller>,
): RequestHandler {
  const perCaller = options.perCaller ?? 5;
  const total = options.total ?? 10_000;
  const open = new Map<string, number>();
  let openTotal = 0;
  const refuse = (
    res: Parameters<RequestHandler>[1],
    status: number,
    code: string,
    message: string,
  ) =>
    res
      .status(status)
      .set({ 'retry-after': '5', 'cache-control': 'no-store' })
      .json({ errors: [{ message, extensions: { code, reason: 'TOO_MANY_STREAMS' } }] });
  return async (req, res, next) => {
    let key: string;
    try {
      const caller = await callerOf(req);
      key = caller.kind === 'user' ? `user:${caller.identity.sub}` : `ip:${req.ip}`;
    } catch {
      // An invalid token is the service route's to answer (401).
      return next();
    }
    if (openTotal >= total) {
      return refuse(res, 503, 'SERVICE_OVERLOADED', 'Too many open streams; retry shortly');
    }
    const mine = open.get(key) ?? 0;
    if (mine >= perCaller) {
      return refuse(res, 429, 'RATE_LIMITED', `At most ${perCaller} open streams per person`);
    }
    open.set(key, mine + 1);
    openTotal++;
    res.once('close', () => {
      openTotal--;
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
    next();
  };
}
