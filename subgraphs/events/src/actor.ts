import {
  Role,
  type ServiceContext,
  callerUserId,
  identityOf,
  requireIdentity,
} from '@weace/service-kit';

/** A signed-in person acting on events: their `User.id` and roles. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

/** The caller as an actor: UNAUTHENTICATED, or FORBIDDEN `NO_PROFILE` without a profile. */
export function actorOf(context: ServiceContext): Actor {
  return { userId: callerUserId(context), roles: requireIdentity(context).roles };
}

/** The caller as an actor when signed in with a profile; undefined for anybody else. */
export function optionalActorOf(context: ServiceContext): Actor | undefined {
  const identity = identityOf(context);
  return identity?.userId ? { userId: identity.userId, roles: identity.roles } : undefined;
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes(Role.Admin);
}

/** Who may create events and series: ORGANIZER and ADMIN people. */
export function canOrganise(actor: Actor): boolean {
  return actor.roles.includes(Role.Organizer) || isAdmin(actor);
}
