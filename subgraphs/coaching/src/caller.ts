import { Role, type ServiceContext, callerUserId, requireIdentity } from '@weace/service-kit';

/** The person calling, by `User.id`, with their roles: whom coaching's rules are about. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/**
 * The caller as an {@link Actor}: UNAUTHENTICATED when nobody is signed in,
 * FORBIDDEN (NO_PROFILE) when the person has no profile yet.
 */
export function actorOf(context: ServiceContext): Actor {
  return { userId: callerUserId(context), roles: requireIdentity(context).roles };
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes(Role.Admin);
}
