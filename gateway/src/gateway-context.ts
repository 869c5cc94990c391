import type { Caller } from '@weace/service-kit';

/** The context of one client request at the gateway. */
export interface GatewayContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The caller as a gateway-signed token for subgraphs; signed once per request, on first use. */
  readonly internalToken: () => Promise<string>;
}
