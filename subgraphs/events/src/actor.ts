import { Role } from '@weace/service-kit';

/** A signed-in person acting on events: their `User.id` and roles. */
export interface Actor {
  readonly userId: string;
  readonly roles: readonly Role[];
}

export function isAdmin(actor: Actor): boolean {
  return actor.roles.includes(Role.Admin);
}

/** Who may create events and series: ORGANIZER and ADMIN people. */
export function canOrganise(actor: Actor): boolean {
  return actor.roles.includes(Role.Organizer) || isAdmin(actor);
}
