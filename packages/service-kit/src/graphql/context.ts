import type { Logger } from 'pino';
import type { Caller, Identity } from '../identity/identity';
import type { RequestLoaders } from '../data/loaders';

/** What every subgraph resolver receives as its context. */
export interface ServiceContext {
  readonly requestId: string;
  readonly caller: Caller;
  readonly logger: Logger;
  readonly loaders: RequestLoaders<ServiceContext>;
}

/** The person calling, or undefined for anonymous and service callers. */
export function identityOf(context: ServiceContext): Identity | undefined {
  return context.caller.kind === 'user' ? context.caller.identity : undefined;
}
