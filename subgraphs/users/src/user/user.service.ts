import {
  type Caller,
  type Connection,
  type Identity,
  NotFoundError,
  type PageArgs,
  Role,
  paginate,
  rolesFromGroups,
  parseObjectId,
} from '@weace/service-kit';
import type { EventBus } from '@weace/events';
import type { ClientSession, QueryFilter } from 'mongoose';
import { forgetFollowsOf } from '../follow/follow.service';
import { givenFields } from '@weace/service-kit';
import { ProfileVisibility } from '../preferences/preferences.model';
import type {
  CreateUserInput,
  UpdateMyProfileInput,
  UpdateUserInput,
  UserFilter,
} from './user.inputs';
import {
  type Change,
  announceRegistered,
  updateOwnProfile,
  updateProfile,
  updateProfileIn,
} from './user.events';
import {
  NOT_DELETED,
  type User,
  type UserDocument,
  UserModel,
  UserStatus,
  bySubject,
} from './user.model';

/** Admins, and services calling on their own behalf, see every profile and every preference. */
export function seesEverything(caller: Caller): boolean {
  return (
    caller.kind === 'service' ||
    (caller.kind === 'user' && caller.identity.roles.includes(Role.Admin))
  );
}

/** People who chose PRIVATE stay out of lists and search, except for those who see everything. */
function discoverableBy(caller: Caller) {
  return seesEverything(caller)
    ? {}
    : { 'preferences.profileVisibility': { $ne: ProfileVisibility.PRIVATE } };
}

/** `query` as a case-insensitive pattern that matches its characters literally. */
function literalPattern(query: string): RegExp {
  return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

function sameRoles(stored: readonly Role[], current: readonly Role[]): boolean {
  return stored.length === current.length && current.every((role) => stored.includes(role));
}

/**
 * The `User.id` of the person `caller` is, for the `actorId` of what they
 * change; none for services and for people without a profile yet.
 */
export async function actorIdOf(
  caller: Caller,
  session?: ClientSession,
): Promise<string | undefined> {
  if (caller.kind !== 'user') return undefined;
  const actor = await UserModel.findOne(
    { ...bySubject(caller.identity.sub), ...NOT_DELETED },
    { _id: 1 },
  )
    .session(session ?? null)
    .lean()
    .exec();
  return actor?._id.toHexString();
}

/**
 * Profiles: reads, and changes that each commit with the `user.*` event
 * announcing them.
 */
export class UserService {
  constructor(private readonly events: EventBus) {}

  /**
   * The caller's own profile, or null before one exists. The token carries the
   * identity provider's current groups; the stored roles follow them here, so
   * role filters in lists stay true to the provider.
   */
  async findMe(identity: Identity): Promise<UserDocument | null> {
    const user = await UserModel.findOne({ ...bySubject(identity.sub), ...NOT_DELETED }).exec();
    if (!user || sameRoles(user.roles, identity.roles)) return user;
    return updateProfile(this.events, { _id: user._id }, { $set: { roles: [...identity.roles] } }, [
      'roles',
    ]);
  }

  list(
    filter: UserFilter | null | undefined,
    page: PageArgs,
    caller: Caller,
  ): Promise<Connection<User>> {
    return paginate(
      UserModel,
      {
        ...NOT_DELETED,
        ...discoverableBy(caller),
        ...(filter?.status && { status: filter.status }),
        ...(filter?.department && { department: filter.department }),
        ...(filter?.role && { roles: filter.role }),
      },
      page,
    );
  }

  /** Case-insensitive substring search on name, email and department. */
  search(query: string, page: PageArgs, caller: Caller): Promise<Connection<User>> {
    const pattern = literalPattern(query);
    return paginate(
      UserModel,
      {
        ...NOT_DELETED,
        ...discoverableBy(caller),
        $or: [{ name: pattern }, { email: pattern }, { department: pattern }],
      },
      page,
    );
  }

  /** A taken email or subject fails on the unique index and reaches the client as CONFLICT. */
  create(input: CreateUserInput, caller: Caller): Promise<UserDocument> {
    return this.events.withTransaction(async (session) => {
      const [user] = await UserModel.create(
        [
          {
            ...givenFields(input),
            roles: rolesFromGroups(input.roles ?? []),
            status: input.status ?? UserStatus.ACTIVE,
          },
        ],
        { session },
      );
      await announceRegistered(this.events, session, user!, {
        actorId: await actorIdOf(caller, session),
      });
      return user!;
    });
  }

  async updateMine(identity: Identity, input: UpdateMyProfileInput): Promise<UserDocument> {
    const changes = givenFields(input);
    const user = await updateOwnProfile(
      this.events,
      identity,
      { $set: changes },
      Object.keys(changes),
    );
    if (!user) throw new NotFoundError('Your profile');
    return user;
  }

  async update(id: string, input: UpdateUserInput, caller: Caller): Promise<UserDocument> {
    const changes = givenFields(input);
    const _id = parseObjectId(id, 'id', 'user id');
    const user = await this.events.withTransaction(async (session) =>
      updateProfileIn(
        this.events,
        session,
        { _id },
        { $set: { ...changes, ...(changes.roles && { roles: rolesFromGroups(changes.roles) }) } },
        Object.keys(changes),
        { actorId: await actorIdOf(caller, session) },
      ),
    );
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /**
   * Soft delete: the document stays (with its email and subject still
   * reserved) but no read returns it again; its follows go with it, and
   * `user.deleted` tells the other services to forget the person.
   */
  async delete(id: string, caller: Caller): Promise<true> {
    const _id = parseObjectId(id, 'id', 'user id');
    const deleted = await this.events.withTransaction(async (session) =>
      deleteProfileIn(this.events, session, { _id }, { actorId: await actorIdOf(caller, session) }),
    );
    if (!deleted) throw new NotFoundError('User', id);
    return true;
  }
}

/**
 * Soft-deletes the live profile `filter` matches, forgets its follows and
 * publishes `user.deleted`, in `session`'s transaction; false when none matches.
 */
export async function deleteProfileIn(
  events: EventBus,
  session: ClientSession,
  filter: QueryFilter<User>,
  { actorId }: Change = {},
): Promise<boolean> {
  const user = await UserModel.findOneAndUpdate(
    { ...filter, ...NOT_DELETED },
    { $set: { deletedAt: new Date() } },
    { session },
  ).exec();
  if (!user) return false;
  await forgetFollowsOf(user._id, session);
  await events.publish(session, {
    type: 'user.deleted',
    subject: user.id as string,
    payload: { userId: user.id as string },
    ...(actorId && { actorId }),
  });
  return true;
}
