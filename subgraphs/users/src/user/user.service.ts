import {
  type Caller,
  type Connection,
  type Identity,
  NotFoundError,
  type PageArgs,
  Role,
  paginate,
  rolesFromGroups,
} from '@weace/service-kit';
import { forgetFollowsOf } from '../follow/follow.service';
import { givenFields } from '../input';
import { ProfileVisibility } from '../preferences/preferences.model';
import { parseUserId } from './user-id';
import type {
  CreateUserInput,
  UpdateMyProfileInput,
  UpdateUserInput,
  UserFilter,
} from './user.inputs';
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
 * The caller's own profile, or null before one exists. The token carries the
 * identity provider's current groups; the stored roles follow them here, so
 * role filters in lists stay true to the provider.
 */
export async function findMe(identity: Identity): Promise<UserDocument | null> {
  const user = await UserModel.findOne({ ...bySubject(identity.sub), ...NOT_DELETED }).exec();
  if (!user || sameRoles(user.roles, identity.roles)) return user;
  user.roles = [...identity.roles];
  return user.save();
}

export function listUsers(
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
export function searchUsers(
  query: string,
  page: PageArgs,
  caller: Caller,
): Promise<Connection<User>> {
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
export function createUser(input: CreateUserInput): Promise<UserDocument> {
  return UserModel.create({
    ...givenFields(input),
    roles: rolesFromGroups(input.roles ?? []),
    status: input.status ?? UserStatus.ACTIVE,
  });
}

export async function updateMyProfile(
  identity: Identity,
  input: UpdateMyProfileInput,
): Promise<UserDocument> {
  const user = await UserModel.findOneAndUpdate(
    { ...bySubject(identity.sub), ...NOT_DELETED },
    { $set: givenFields(input) },
    { returnDocument: 'after' },
  ).exec();
  if (!user) throw new NotFoundError('Your profile');
  return user;
}

export async function updateUser(id: string, input: UpdateUserInput): Promise<UserDocument> {
  const changes = givenFields(input);
  const user = await UserModel.findOneAndUpdate(
    { _id: parseUserId(id, 'id'), ...NOT_DELETED },
    { $set: { ...changes, ...(changes.roles && { roles: rolesFromGroups(changes.roles) }) } },
    { returnDocument: 'after' },
  ).exec();
  if (!user) throw new NotFoundError('User', id);
  return user;
}

/**
 * Soft delete: the document stays (with its email and subject still
 * reserved) but no read returns it again. Marking comes first, so a follow
 * racing with the deletion sees it and undoes itself.
 */
export async function deleteUser(id: string): Promise<true> {
  const user = await UserModel.findOneAndUpdate(
    { _id: parseUserId(id, 'id'), ...NOT_DELETED },
    { $set: { deletedAt: new Date() } },
  ).exec();
  if (!user) throw new NotFoundError('User', id);
  await forgetFollowsOf(user._id);
  return true;
}
