import type { RequestHandler } from 'express';
import { DEFAULT_EXEMPT_PATHS, useAdmission } from './admission';
import { useDeadline } from './deadline';
import { DEFAULT_STREAM_PATHS, type StreamCapOptions } from './stream-caps';

export interface OverloadOptions {
  /** Requests served at once before new ones get 503 + `Retry-After`. Default 128. */
  readonly maxInFlight?: number;
  /** `Retry-After` of a 503, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /** A request unanswered after this gets 504, its subgraph fetches cancelled. Default 30 000 ms. */
  readonly deadlineMs?: number;
  /** Paths outside both besides the long-lived streams (probes). Default `/health`, `/ready`. */
  readonly exemptPaths?: readonly string[];
  /** Long-lived streams: outside both, with caps of their own. */
  readonly streams?: StreamCapOptions;
}

/** Admission control, then the deadline: the first steps of the request path. */
export function useOverloadProtection(options: OverloadOptions = {}): RequestHandler[] {
  const exemptPaths = [
    ...(options.exemptPaths ?? DEFAULT_EXEMPT_PATHS),
    ...(options.streams?.paths ?? DEFAULT_STREAM_PATHS),
  ];
  return [
    useAdmission({
      maxInFlight: options.maxInFlight,
      retryAfterSeconds: options.retryAfterSeconds,
      exemptPaths,
    }),
    useDeadline({ timeoutMs: options.deadlineMs, exemptPaths }),
  ];
}
