import type { Caller } from '@weace/service-kit';
import type { PartnerApp } from './partners/partner-app';

/** The context of one client request at the gateway. */
export interface GatewayContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The client's address, as `trust proxy` (TRUST_PROXY) resolves it. */
  readonly clientIp?: string;
  /** The partner application whose API key (`x-api-key`) the request carries. */
  readonly partner?: PartnerApp;
  /** The caller as a gateway-signed token for subgraphs; signed once per request, on first use. */
  readonly internalToken: () => Promise<string>;
}
