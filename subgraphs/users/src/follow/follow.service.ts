import {
  BadUserInputError,
  type Connection,
  type Identity,
  NotFoundError,
  type ForwardPageArgs,
  type ServiceContext,
  decodeCursor,
  isDuplicateKeyError,
  toConnection,
  parseObjectId,
} from '@weace/service-kit';
import type { ClientSession, Types } from 'mongoose';
import { userById } from '../user/user.loaders';
import {
  NOT_DELETED,
  type User,
  type UserDocument,
  UserModel,
  bySubject,
} from '../user/user.model';
import { type Direction, followCount, followPage } from './follow.loaders';
import { FollowModel } from './follow.model';

/** The caller's profile and the profile at `userId`, which must be two different people. */
async function edgeEnds(identity: Identity, userId: string) {
  const followeeId = parseObjectId(userId, 'userId', 'user id');
  const [follower, followee] = await Promise.all([
    UserModel.findOne({ ...bySubject(identity.sub), ...NOT_DELETED }).exec(),
    UserModel.findOne({ _id: followeeId, ...NOT_DELETED }).exec(),
  ]);
  if (!follower) throw new NotFoundError('Your profile');
  if (!followee) throw new NotFoundError('User', userId);
  if (follower._id.equals(followee._id)) {
    throw new BadUserInputError('You cannot follow yourself', 'userId');
  }
  return { follower, followee };
}

/** Idempotent: following someone already followed keeps the one edge. Returns the followed user. */
export async function followUser(identity: Identity, userId: string): Promise<UserDocument> {
  const { follower, followee } = await edgeEnds(identity, userId);
  const edge = { follower: follower._id, followee: followee._id };
  try {
    await FollowModel.updateOne(edge, { $setOnInsert: edge }, { upsert: true }).exec();
  } catch (error) {
    // A concurrent follow of the same pair inserted the edge first: the outcome we wanted.
    if (!isDuplicateKeyError(error)) throw error;
  }
  // A deletion marks the user before removing their edges; if either end was
  // deleted since we read it, our edge may have missed that removal.
  const bothThere = await UserModel.countDocuments({
    _id: { $in: [follower._id, followee._id] },
    ...NOT_DELETED,
  }).exec();
  if (bothThere < 2) {
    await FollowModel.deleteOne(edge).exec();
    throw new NotFoundError('User', userId);
  }
  return followee;
}

/** Idempotent: unfollowing someone not followed changes nothing. Returns the unfollowed user. */
export async function unfollowUser(identity: Identity, userId: string): Promise<UserDocument> {
  const { follower, followee } = await edgeEnds(identity, userId);
  await FollowModel.deleteOne({ follower: follower._id, followee: followee._id }).exec();
  return followee;
}

/** A deleted user's edges go with them, so no count or list keeps pointing at them. */
export async function forgetFollowsOf(
  userId: Types.ObjectId,
  session?: ClientSession,
): Promise<void> {
  await FollowModel.deleteMany({ $or: [{ follower: userId }, { followee: userId }] })
    .session(session ?? null)
    .exec();
}

export function countFollows(
  direction: Direction,
  user: User,
  context: ServiceContext,
): Promise<number> {
  return context.loaders.get(followCount[direction]).load(user.id);
}

/**
 * One page of a user's followers (or followed), newest edge last. Pages,
 * counts and the people on them are loaded per request in batches, so a list
 * of users with their followers costs three queries in all.
 */
export async function listFollows(
  direction: Direction,
  user: User,
  { first, after }: ForwardPageArgs,
  context: ServiceContext,
): Promise<Connection<User>> {
  const [rows, totalCount] = await Promise.all([
    context.loaders
      .get(followPage[direction])
      .load({ userId: user.id, first, after: after ? decodeCursor(after) : null }),
    countFollows(direction, user, context),
  ]);
  const page = toConnection(rows, first, totalCount);
  const users = context.loaders.get(userById);
  const people = await Promise.all(
    page.edges.map(({ node }) => users.load(node.user.toHexString())),
  );
  return {
    ...page,
    // An edge whose user was deleted a moment ago is dropped rather than shown as null.
    edges: page.edges.flatMap(({ cursor }, i) => {
      const node = people[i];
      return node ? [{ node, cursor }] : [];
    }),
  };
}
