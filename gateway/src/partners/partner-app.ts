import type { RateLimit } from '../rate-limit/rate-limiters';

/** A partner application, as its API key identifies it: never a person. */
export interface PartnerApp {
  readonly id: string;
  readonly name: string;
  /** Its own budgets; unset, the gateway's defaults for any caller. */
  readonly requests?: RateLimit;
  readonly cost?: RateLimit;
}
