import { type ServiceContext, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { FollowModel } from './follow.model';

/** `followers` of a user are the edges pointing at them; `following` the edges leaving them. */
export type Direction = 'followers' | 'following';

const SIDES = {
  followers: { owner: 'followee', other: 'follower' },
  following: { owner: 'follower', other: 'followee' },
} as const satisfies Record<Direction, { owner: string; other: string }>;

/** One edge as a page holds it: the edge's `_id` (the cursor) and the other person. */
export interface EdgeRow {
  readonly _id: Types.ObjectId;
  readonly user: Types.ObjectId;
}

export interface PageKey {
  readonly userId: string;
  readonly first: number;
  readonly after: Types.ObjectId | null;
}

function countLoader(direction: Direction) {
  const { owner } = SIDES[direction];
  return defineLoader<string, number, ServiceContext>({
    name: `${direction}Count`,
    async batch(userIds) {
      const rows = await FollowModel.aggregate<{ _id: Types.ObjectId; count: number }>([
        { $match: { [owner]: { $in: userIds.map((id) => new Types.ObjectId(id)) } } },
        { $group: { _id: `$${owner}`, count: { $sum: 1 } } },
      ]).exec();
      const counts = new Map(rows.map((row) => [row._id.toHexString(), row.count]));
      return userIds.map((id) => counts.get(id) ?? 0);
    },
  });
}

/**
 * The first `first + 1` edges of every requested user in one aggregation
 * (`$firstN` after sorting by `_id`), so a list of users with their
 * followers costs one query, not one per user. Keys are grouped by page
 * shape; a list of users asks for the same `first` and no `after`.
 */
function pageLoader(direction: Direction) {
  const { owner, other } = SIDES[direction];
  return defineLoader<PageKey, EdgeRow[], ServiceContext>({
    name: `${direction}Page`,
    cacheKey: ({ userId, first, after }) => `${userId}:${first}:${after?.toHexString() ?? ''}`,
    async batch(keys) {
      const shapes = new Map<string, PageKey[]>();
      for (const key of keys) {
        const shape = `${key.first}:${key.after?.toHexString() ?? ''}`;
        shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
      }
      const pages = new Map<PageKey, EdgeRow[]>();
      await Promise.all(
        [...shapes.values()].map(async (group) => {
          const { first, after } = group[0]!;
          const rows = await FollowModel.aggregate<{ _id: Types.ObjectId; edges: EdgeRow[] }>([
            {
              $match: {
                [owner]: { $in: group.map((key) => new Types.ObjectId(key.userId)) },
                ...(after && { _id: { $gt: after } }),
              },
            },
            { $sort: { [owner]: 1, _id: 1 } },
            {
              $group: {
                _id: `$${owner}`,
                edges: { $firstN: { input: { _id: '$_id', user: `$${other}` }, n: first + 1 } },
              },
            },
          ]).exec();
          const byOwner = new Map(rows.map((row) => [row._id.toHexString(), row.edges]));
          for (const key of group) pages.set(key, byOwner.get(key.userId) ?? []);
        }),
      );
      return keys.map((key) => pages.get(key) ?? []);
    },
  });
}

export const followCount: Record<Direction, ReturnType<typeof countLoader>> = {
  followers: countLoader('followers'),
  following: countLoader('following'),
};

export const followPage: Record<Direction, ReturnType<typeof pageLoader>> = {
  followers: pageLoader('followers'),
  following: pageLoader('following'),
};
