import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { MiddlewareFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors';
import type { Caller, Identity } from '../identity/identity';
import { RequestLoaders } from '../data/loaders';

/** What every subgraph resolver receives as its context. */
export interface ServiceContext {
  readonly requestId: string;
  readonly caller: Caller;
  /** The client's IP address, when the gateway signed it into the request's internal token. */
  readonly clientIp?: string;
  readonly logger: Logger;
  readonly loaders: RequestLoaders<ServiceContext>;
}

/** The person calling, or undefined for anonymous and service callers. */
export function identityOf(context: ServiceContext): Identity | undefined {
  return context.caller.kind === 'user' ? context.caller.identity : undefined;
}

/** The person calling, for operations about "me"; UNAUTHENTICATED for anybody else. */
export function requireIdentity(context: ServiceContext): Identity {
  const identity = identityOf(context);
  if (!identity) throw new UnauthenticatedError('A signed-in person is required');
  return identity;
}

/**
 * The `User.id` of the person calling, for operations about "me" in services
 * that name people by it: UNAUTHENTICATED for anybody else, FORBIDDEN
 * (`NO_PROFILE`) for a signed-in account without a profile yet.
 */
export function callerUserId(context: ServiceContext): string {
  const { userId } = requireIdentity(context);
  if (!userId) throw new ForbiddenError('Complete your profile first', 'NO_PROFILE');
  return userId;
}

/**
 * The service calling, for operations only other services may use (they are
 * `@inaccessible` in the supergraph); FORBIDDEN for anybody else.
 */
export function requireService(context: ServiceContext): string {
  if (context.caller.kind !== 'service') {
    throw new ForbiddenError('Only WeAce services may call this operation');
  }
  return context.caller.service;
}

/**
 * `@UseMiddleware(ServicesOnly)` on a resolver: {@link requireService} before
 * anything else, so other callers learn nothing, not even what input is valid.
 */
export const ServicesOnly: MiddlewareFn<ServiceContext> = ({ context }, next) => {
  requireService(context);
  return next();
};

export interface ServiceContextOptions {
  readonly caller: Caller;
  readonly clientIp?: string;
  readonly logger: Logger;
  /** The request's correlation id. Default: a new one. */
  readonly requestId?: string;
}

/** One request's context, with fresh loaders bound to it (the HTTP layer and resolver tests). */
export function createServiceContext({
  caller,
  clientIp,
  logger,
  requestId = randomUUID(),
}: ServiceContextOptions): ServiceContext {
  const context: ServiceContext = {
    requestId,
    caller,
    ...(clientIp !== undefined && { clientIp }),
    logger,
    loaders: new RequestLoaders(() => context),
  };
  return context;
}
