import type { RequestHandler } from 'express';
import { DEFAULT_EXEMPT_PATHS, isExempt } from './admission';

export interface DeadlineOptions {
  /** A request still unanswered after this gets 504 and its subgraph fetches are cancelled. Default 30 000 ms. */
  readonly timeoutMs?: number;
  /** Paths without a deadline (probes, long-lived streams). Default `/health`, `/ready`. */
  readonly exemptPaths?: readonly string[];
}

/** The request's cancellation signal, set by {@link useDeadline} on `res.locals`. */
export function requestSignalOf(locals: Record<string, unknown>): AbortSignal {
  return (locals.signal as AbortSignal | undefined) ?? new AbortController().signal;
}

/**
 * Gives every request an AbortSignal (`res.locals.signal`) that aborts when
 * the deadline passes (the client then gets 504 GATEWAY_TIMEOUT) or when the
 * client goes away before its answer, so no subgraph keeps working for a
 * request nobody waits for.
 */
export function useDeadline(options: DeadlineOptions = {}): RequestHandler {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const exempt = options.exemptPaths ?? DEFAULT_EXEMPT_PATHS;
  const answer = JSON.stringify({
    errors: [{ message: 'The request took too long', extensions: { code: 'GATEWAY_TIMEOUT' } }],
  });
  return (req, res, next) => {
    if (isExempt(req.path, exempt)) return next();
    const controller = new AbortController();
    res.locals.signal = controller.signal;
    const timer = setTimeout(() => {
      if (!res.headersSent) {
        res.writeHead(504, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(answer);
      }
      controller.abort(new Error('request deadline passed'));
    }, timeoutMs);
    res.once('close', () => {
      clearTimeout(timer);
      // Closed before the answer was complete: the client disconnected.
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    next();
  };
}
