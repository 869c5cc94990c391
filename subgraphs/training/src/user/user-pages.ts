import {
  type Connection,
  type ServiceContext,
  decodeCursor,
  defineLoader,
  toConnection,
} from '@weace/service-kit';
import type { Model, Types } from 'mongoose';

interface PageKey {
  readonly userId: string;
  readonly first: number;
  readonly after: string | null;
}

interface Owned {
  _id: Types.ObjectId;
  userId: string;
}

/**
 * Pages of a person-owned collection for many people at once: one
 * aggregation (`$firstN` per person in `_id` order) and one count per page
 * shape, so `users { enrollments }` over 50 people costs two queries, not 100.
 */
export function userPagesLoader<T extends Owned>(name: string, model: Model<T>) {
  return defineLoader<PageKey, Connection<T>, ServiceContext>({
    name,
    cacheKey: ({ userId, first, after }) => `${userId}:${first}:${after ?? ''}`,
    async batch(keys) {
      const shapes = new Map<string, PageKey[]>();
      for (const key of keys) {
        const shape = `${key.first}:${key.after ?? ''}`;
        shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
      }
      const pages = new Map<PageKey, Connection<T>>();
      await Promise.all(
        [...shapes.values()].map(async (group) => {
          const { first, after } = group[0]!;
          const userIds = group.map((key) => key.userId);
          const [rows, counts] = await Promise.all([
            model
              .aggregate<{ _id: string; items: T[] }>([
                {
                  $match: {
                    userId: { $in: userIds },
                    ...(after && { _id: { $gt: decodeCursor(after, 'after') } }),
                  },
                },
                { $sort: { userId: 1, _id: 1 } },
                {
                  $group: { _id: '$userId', items: { $firstN: { input: '$$ROOT', n: first + 1 } } },
                },
              ])
              .exec(),
            model
              .aggregate<{ _id: string; count: number }>([
                { $match: { userId: { $in: userIds } } },
                { $group: { _id: '$userId', count: { $sum: 1 } } },
              ])
              .exec(),
          ]);
          const items = new Map(rows.map((row) => [row._id, row.items]));
          const totals = new Map(counts.map((row) => [row._id, row.count]));
          for (const key of group) {
            const hydrated = (items.get(key.userId) ?? []).map((raw) => model.hydrate(raw));
            pages.set(
              key,
              toConnection(hydrated as unknown as T[], first, totals.get(key.userId) ?? 0),
            );
          }
        }),
      );
      return keys.map((key) => pages.get(key)!);
    },
  });
}
