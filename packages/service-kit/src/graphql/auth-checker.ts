import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors/errors';
import type { Role } from '../identity/identity';
import type { ServiceContext } from './context';

/**
 * `@Authorized()` needs a signed-in person; `@Authorized(Role.Admin, …)` also
 * needs one of the roles. Services calling each other pass as trusted.
 * Refusals throw our own errors: returning false would make type-graphql
 * raise its AuthorizationError (code UNAUTHORIZED), which clients see masked.
 */
export const authChecker: AuthCheckerFn<ServiceContext, Role> = ({ context }, roles) => {
  const { caller } = context;
  if (caller.kind === 'service') return true;
  if (caller.kind === 'anonymous') throw new UnauthenticatedError();
  if (roles.length === 0 || roles.some((role) => caller.identity.roles.includes(role))) {
    return true;
  }
  throw new ForbiddenError(`Requires one of these roles: ${roles.join(', ')}`);
};
