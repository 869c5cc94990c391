import { BadUserInputError, type Connection, NotFoundError, paginate } from '@weace/service-kit';
import { Types } from 'mongoose';
import { notificationsDb } from '../db';
import type { NotificationCounts } from './notification.connection';
import type { NotificationFilter } from './notification.inputs';
import { type NotificationDocument, NotificationModel } from './notification.model';

/** Most ids one mark request may name. */
export const MAX_MARKED = 100;

/**
 * A person's inbox. Every read and write is filtered by the person's own
 * `userId`, so nobody reaches another's items; counts are counted, never kept.
 */
export class NotificationService {
  constructor(private readonly now: () => Date = () => new Date()) {}

  list(
    userId: string,
    page: { first?: number | null; after?: string | null },
    filter: NotificationFilter = {},
  ): Promise<Connection<NotificationDocument>> {
    const query: Record<string, unknown> = {
      userId,
      archivedAt: filter.archived ? { $ne: null } : null,
      ...(filter.read != null && { readAt: filter.read ? { $ne: null } : null }),
      ...(filter.category && { category: filter.category }),
    };
    return paginate(NotificationModel, query, page, {
      sort: { field: '_id', direction: 'DESC' },
    }) as Promise<Connection<NotificationDocument>>;
  }

  async counts(userId: string): Promise<NotificationCounts> {
    const [unread, unseen] = await Promise.all([
      NotificationModel.countDocuments({ userId, archivedAt: null, readAt: null }),
      NotificationModel.countDocuments({ userId, archivedAt: null, seenAt: null }),
    ]);
    return { unread, unseen };
  }

  /** Marks the person's own items read; NOT_FOUND (and nothing marked) when an id is not theirs. */
  async markRead(userId: string, ids: readonly string[]): Promise<NotificationDocument[]> {
    const objectIds = parseIds(ids);
    return notificationsDb.transaction(async (session) => {
      const at = this.now();
      await NotificationModel.updateMany(
        { _id: { $in: objectIds }, userId, readAt: null },
        { $set: { readAt: at } },
        { session },
      );
      const items = await NotificationModel.find({ _id: { $in: objectIds }, userId })
        .sort({ _id: -1 })
        .session(session);
      if (items.length !== objectIds.length) {
        // Aborts the transaction: nothing stays marked.
        throw new NotFoundError('Notification', missing(objectIds, items).join(','));
      }
      return items;
    });
  }

  async markAllRead(userId: string): Promise<NotificationCounts> {
    await NotificationModel.updateMany({ userId, readAt: null }, { $set: { readAt: this.now() } });
    return this.counts(userId);
  }

  async markAllSeen(userId: string): Promise<NotificationCounts> {
    await NotificationModel.updateMany({ userId, seenAt: null }, { $set: { seenAt: this.now() } });
    return this.counts(userId);
  }

  /** Moves an item to the archive, read (and seen) from then on. */
  async archive(userId: string, id: string): Promise<NotificationDocument> {
    const [objectId] = parseIds([id], 'id');
    return notificationsDb.transaction(async (session) => {
      const at = this.now();
      const own = { _id: objectId, userId };
      await NotificationModel.updateOne(
        { ...own, readAt: null },
        { $set: { readAt: at } },
        { session },
      );
      await NotificationModel.updateOne(
        { ...own, seenAt: null },
        { $set: { seenAt: at } },
        { session },
      );
      const archived = await NotificationModel.findOneAndUpdate(
        { ...own, archivedAt: null },
        { $set: { archivedAt: at } },
        { session, returnDocument: 'after' },
      );
      const item = archived ?? (await NotificationModel.findOne(own).session(session));
      if (!item) throw new NotFoundError('Notification', id);
      return item;
    });
  }

  /** The item, if it is `userId`'s (or anybody's for `userId` null: an admin). */
  async findOwn(userId: string | null, id: string): Promise<NotificationDocument> {
    const [objectId] = parseIds([id], 'notificationId');
    const item = await NotificationModel.findOne({
      _id: objectId,
      ...(userId !== null && { userId }),
    });
    if (!item) throw new NotFoundError('Notification', id);
    return item;
  }
}

function parseIds(ids: readonly string[], field = 'ids'): Types.ObjectId[] {
  if (ids.length > MAX_MARKED) {
    throw new BadUserInputError(`At most ${MAX_MARKED} ids at a time`, field);
  }
  const unique = [...new Set(ids)];
  if (!unique.every((id) => Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id))) {
    throw new BadUserInputError('Not a notification id', field);
  }
  return unique.map((id) => new Types.ObjectId(id));
}

function missing(ids: Types.ObjectId[], found: { _id: Types.ObjectId }[]): string[] {
  const have = new Set(found.map((item) => String(item._id)));
  return ids.map(String).filter((id) => !have.has(id));
}
