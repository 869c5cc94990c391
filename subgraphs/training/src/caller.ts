import { type Caller, Role } from '@weace/service-kit';

/** Whoever acts: their `User.id` (when they have a profile) and roles. */
export interface Actor {
  readonly userId: string | null;
  readonly roles: readonly Role[];
}

export function actorOf(caller: Caller): Actor {
  if (caller.kind !== 'user') return { userId: null, roles: [] };
  return { userId: caller.identity.userId ?? null, roles: caller.identity.roles };
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes(Role.Admin);
}
