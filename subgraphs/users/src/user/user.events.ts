import type { EventBus } from '@weace/events';
import type { ClientSession, QueryFilter, UpdateQuery } from 'mongoose';
import type { Identity } from '@weace/service-kit';
import { NOT_DELETED, type User, type UserDocument, UserModel, bySubject } from './user.model';

/** The person as every `user.*` event carries them: what other services keep of a profile. */
export function snapshotOf(user: UserDocument) {
  return {
    user: {
      id: user.id as string,
      subject: user.subject,
      email: user.email,
      name: user.name,
      locale: user.locale ?? null,
      timeZone: user.timeZone ?? null,
      department: user.department ?? null,
      roles: [...user.roles],
      status: user.status,
    },
  };
}

/** Who changed a profile, when a person did: their `User.id`. */
export interface Change {
  readonly actorId?: string;
}

/** Announces a new profile (registration, an admin, a first SSO sign-in) in `session`'s transaction. */
export async function announceRegistered(
  events: EventBus,
  session: ClientSession,
  user: UserDocument,
  { actorId }: Change = {},
): Promise<void> {
  await events.publish(session, {
    type: 'user.registered',
    subject: user.id as string,
    payload: snapshotOf(user),
    ...(actorId && { actorId }),
  });
}

export async function announceUpdated(
  events: EventBus,
  session: ClientSession,
  user: UserDocument,
  changed: readonly string[],
  { actorId }: Change = {},
): Promise<void> {
  await events.publish(session, {
    type: 'user.updated',
    subject: user.id as string,
    payload: { ...snapshotOf(user), changed: [...changed] },
    ...(actorId && { actorId }),
  });
}

/**
 * Changes the one live profile `filter` matches and announces it with
 * `user.updated`, both in `session`'s transaction; null when none matches.
 */
export async function updateProfileIn(
  events: EventBus,
  session: ClientSession,
  filter: QueryFilter<User>,
  update: UpdateQuery<User>,
  changed: readonly string[],
  change: Change = {},
): Promise<UserDocument | null> {
  const user = await UserModel.findOneAndUpdate({ ...filter, ...NOT_DELETED }, update, {
    returnDocument: 'after',
    session,
  }).exec();
  if (user) await announceUpdated(events, session, user, changed, change);
  return user;
}

/** {@link updateProfileIn} in a transaction of its own. */
export function updateProfile(
  events: EventBus,
  filter: QueryFilter<User>,
  update: UpdateQuery<User>,
  changed: readonly string[],
  change: Change = {},
): Promise<UserDocument | null> {
  return events.withTransaction((session) =>
    updateProfileIn(events, session, filter, update, changed, change),
  );
}

/**
 * The caller's own profile changed by themselves (the actor of its
 * `user.updated`), in a transaction of its own; null when they have none.
 */
export function updateOwnProfile(
  events: EventBus,
  identity: Identity,
  update: UpdateQuery<User>,
  changed: readonly string[],
): Promise<UserDocument | null> {
  return events.withTransaction(async (session) => {
    const mine = await UserModel.findOne({ ...bySubject(identity.sub), ...NOT_DELETED }, { _id: 1 })
      .session(session)
      .exec();
    return mine
      ? updateProfileIn(events, session, { _id: mine._id }, update, changed, {
          actorId: mine.id as string,
        })
      : null;
  });
}
