import type { AuthCheckerFn } from 'type-graphql';
import { UnauthenticatedError } from '../errors/errors';
import type { Role } from '../identity/identity';
import type { ServiceContext } from './context';

/**
 * `@Authorized()` needs a signed-in person; `@Authorized(Role.Admin, …)` also
 * needs one of the roles. Services calling each other pass as trusted.
 * Returning false makes type-graphql raise FORBIDDEN.
 */
export const authChecker: AuthCheckerFn<ServiceContext, Role> = ({ context }, roles) => {
  const { caller } = context;
  if (caller.kind === 'service') return true;
  if (caller.kind === 'anonymous') throw new UnauthenticatedError();
  return roles.length === 0 || roles.some((role) => caller.identity.roles.includes(role));
};
