import { BadUserInputError, type Caller, Role } from '@weace/service-kit';
import { Types } from 'mongoose';

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

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/;

/** An id from a client; BAD_USER_INPUT naming `field` when it cannot be one of ours. */
export function parseId(id: string, field: string): Types.ObjectId {
  if (!OBJECT_ID_HEX.test(id)) throw new BadUserInputError(`${field} is not a valid id`, field);
  return new Types.ObjectId(id);
}
