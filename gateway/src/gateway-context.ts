import type { Caller } from '@weace/service-kit';

/** The context of one client request at the gateway. */
export interface GatewayContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The client's address as resolved by Express; subgraphs throttle logins on it. */
  readonly clientIp?: string;
  /** The caller and client IP as one string: the key of internal-token reuse and fetch deduplication. */
  readonly callerKey: string;
  /** Aborts when the client goes away or the request deadline passes: every subgraph fetch stops with it. */
  readonly signal: AbortSignal;
}
