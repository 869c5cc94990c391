import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  type Caller,
  ForbiddenError,
  NotFoundError,
  Role,
  isDuplicateKeyError,
} from '@weace/service-kit';
import { type ClientSession, Types } from 'mongoose';
import { DeliveryModel } from '../delivery/delivery.model';
import { NotificationModel } from '../notification/notification.model';
import { type Notifier, type Trigger } from '../notification/notifier';
import type { AudienceFilter, People } from '../people/people';
import { Channel } from '../preferences/preferences.model';
import { emailHtml, emailText } from '../template/email-layout';
import { RegistrantModel } from '../template/registrant.model';
import type { SendNotificationInput } from './announcement.inputs';
import {
  type Announcement,
  type AnnouncementDocument,
  AnnouncementModel,
  AnnouncementStatus,
  EventOrganizersModel,
} from './announcement.model';

export const FANOUT_JOB = 'notifications.fanout';

export interface DeliveryCount {
  readonly channel: Channel;
  readonly status: string;
  readonly count: number;
}

export interface AnnouncementOptions {
  readonly events: EventBus;
  readonly jobs: Scheduler;
  readonly notifier: Notifier;
  readonly people: People;
  /** The web app: announcements link to its inbox. */
  readonly appUrl: string;
  /** People per batch. */
  readonly batchSize: number;
  readonly now: () => Date;
}

/**
 * Admin announcements: stored once per idempotency key, then fanned out by
 * a chain of durable jobs, one batch each, so 10,000 people never block the
 * service and a restart resumes where the last batch committed.
 */
export class AnnouncementService {
  constructor(private readonly options: AnnouncementOptions) {}

  async send(
    caller: Caller,
    userId: string,
    input: SendNotificationInput,
  ): Promise<AnnouncementDocument> {
    const audience = audienceOf(input);
    await this.authorize(caller, userId, audience);
    const channels = [...new Set(input.channels)];
    const { events, jobs } = this.options;
    try {
      return await events.withTransaction(async (session) => {
        const total = audience.userIds
          ? audience.userIds.length
          : audience.eventId
            ? await RegistrantModel.countDocuments({
                eventId: audience.eventId,
                status: 'CONFIRMED',
              })
            : await this.options.people.countAudience(audience);
        const [announcement] = await AnnouncementModel.create(
          [
            {
              idempotencyKey: input.idempotencyKey,
              createdBy: userId,
              audience,
              category: input.category,
              title: input.title,
              body: input.body,
              channels,
              status: AnnouncementStatus.FANNING_OUT,
              total,
              createdAt: this.options.now(),
            },
          ],
          { session },
        );
        await jobs.schedule(
          FANOUT_JOB,
          this.options.now(),
          { announcementId: String(announcement!._id) },
          {
            session,
            uniqueKey: `announcement:${String(announcement!._id)}:batch:0`,
          },
        );
        return announcement!;
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Sent before with this key: that announcement, and nothing more.
      const existing = await AnnouncementModel.findOne({ idempotencyKey: input.idempotencyKey });
      if (!existing || existing.createdBy !== userId) {
        throw new BadUserInputError('This idempotencyKey is already used', 'input.idempotencyKey');
      }
      return existing;
    }
  }

  /** One batch of the fan-out, in the job's transaction; schedules the next while people remain. */
  async fanOut(announcementId: string, session: ClientSession): Promise<void> {
    const announcement = await AnnouncementModel.findOne({
      _id: announcementId,
      status: AnnouncementStatus.FANNING_OUT,
    }).session(session);
    if (!announcement) return;
    const size = this.options.batchSize;
    const { ids, cursor } = await this.batch(announcement, size);
    const recipients = ids.filter((id) => id !== announcement.createdBy);
    await this.options.notifier.notify(session, this.trigger(announcement), recipients);
    const done = ids.length < size;
    await AnnouncementModel.updateOne(
      { _id: announcement._id, batches: announcement.batches },
      {
        $inc: { processed: ids.length, batches: 1 },
        $set: {
          cursor,
          ...(done && { status: AnnouncementStatus.DONE, completedAt: this.options.now() }),
        },
      },
      { session },
    );
    if (!done) {
      // Due since the announcement was made: ahead of the deliveries its batches queued (the
      // scheduler runs due jobs in runAt order), so the fan-out never waits for emails to leave.
      await this.options.jobs.schedule(
        FANOUT_JOB,
        announcement.createdAt,
        { announcementId },
        {
          session,
          uniqueKey: `announcement:${announcementId}:batch:${announcement.batches + 1}`,
        },
      );
    }
  }

  async find(id: string): Promise<AnnouncementDocument> {
    const found = Types.ObjectId.isValid(id) ? await AnnouncementModel.findById(id) : null;
    if (!found) throw new NotFoundError('Announcement', id);
    return found;
  }

  /** How many deliveries of the announcement are in each channel and status, in-app included. */
  async deliveryCounts(announcement: Announcement): Promise<DeliveryCount[]> {
    const sourceKey = sourceKeyOf(announcement);
    const [inApp, grouped] = await Promise.all([
      NotificationModel.countDocuments({ sourceKey }),
      DeliveryModel.aggregate<{ _id: { channel: Channel; status: string }; count: number }>([
        { $match: { sourceKey } },
        { $group: { _id: { channel: '$channel', status: '$status' }, count: { $sum: 1 } } },
      ]),
    ]);
    return [
      { channel: Channel.IN_APP, status: 'SENT', count: inApp },
      ...grouped
        .map(({ _id, count }) => ({ ..._id, count }))
        .sort((a, b) => `${a.channel}${a.status}`.localeCompare(`${b.channel}${b.status}`)),
    ];
  }

  private async batch(announcement: Announcement, size: number) {
    const { audience, cursor } = announcement;
    if (audience.userIds) {
      // Listed people are notified as listed (sorted once, when stored), known to the directory yet or not.
      const ids = audience.userIds.filter((id) => cursor === null || id > cursor).slice(0, size);
      return { ids, cursor: ids.at(-1) ?? cursor };
    }
    if (audience.eventId) {
      const registrants = await RegistrantModel.find({
        eventId: audience.eventId,
        status: 'CONFIRMED',
        ...(cursor !== null && { _id: { $gt: cursor } }),
      })
        .sort({ _id: 1 })
        .limit(size)
        .lean();
      return { ids: registrants.map((r) => r.userId), cursor: registrants.at(-1)?._id ?? cursor };
    }
    const ids = await this.options.people.audienceBatch(audience, cursor, size);
    return { ids, cursor: ids.at(-1) ?? cursor };
  }

  private trigger(announcement: Announcement): Trigger {
    const link = `${this.options.appUrl}/notifications`;
    return {
      sourceKey: sourceKeyOf(announcement),
      template: 'announcement',
      category: announcement.category,
      critical: false,
      actorId: announcement.createdBy,
      channels: announcement.channels.filter((channel) => channel !== Channel.IN_APP),
      render: () => ({
        title: announcement.title,
        body: announcement.body,
        link,
        email: {
          subject: announcement.title,
          text: emailText(announcement.body, link),
          html: emailHtml(announcement.title, announcement.body, link),
        },
      }),
    };
  }

  /** ADMIN: anybody; ORGANIZER: the registrants of their own events only. */
  private async authorize(
    caller: Caller,
    userId: string,
    audience: AudienceFilter & { eventId?: string },
  ) {
    const roles = caller.kind === 'user' ? caller.identity.roles : [];
    if (roles.includes(Role.Admin)) return;
    if (roles.includes(Role.Organizer) && audience.eventId) {
      const own = await EventOrganizersModel.exists({
        _id: audience.eventId,
        organizerIds: userId,
      });
      if (own) return;
      throw new ForbiddenError(
        'Organisers may announce to their own events only',
        'NOT_EVENT_ORGANIZER',
      );
    }
    throw new ForbiddenError(
      'Requires ADMIN, or ORGANIZER for the registrants of their own events',
    );
  }
}

export function sourceKeyOf(announcement: Pick<Announcement, '_id'>): string {
  return `announcement:${String(announcement._id)}`;
}

function audienceOf(input: SendNotificationInput): AudienceFilter & { eventId?: string } {
  const { userIds, role, department, eventId } = input.audience;
  const given = [userIds, role, department, eventId].filter((value) => value != null);
  if (given.length !== 1) {
    throw new BadUserInputError(
      'Give exactly one of userIds, role, department or eventId',
      'input.audience',
    );
  }
  return {
    ...(userIds && { userIds: [...new Set(userIds)].sort() }),
    ...(role && { role }),
    ...(department && { department }),
    ...(eventId && { eventId }),
  };
}
