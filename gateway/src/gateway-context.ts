import type { Caller } from '@weace/service-kit';
import type { PartnerApp } from './partners/partner-app';

/** The context of one client request at the gateway. */
export interface GatewayContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The client's address, as `trust proxy` (TRUST_PROXY) resolves it; subgraphs throttle logins on it. */
  readonly clientIp?: string;
  /** The caller and client IP as one string: the key of internal-token reuse and fetch deduplication. */
  readonly callerKey: string;
  /** Aborts when the client goes away or the request deadline passes: every subgraph fetch stops with it. */
  readonly signal: AbortSignal;
  /** The partner application whose API key (`x-api-key`) the request carries. */
  readonly partner?: PartnerApp;
}
