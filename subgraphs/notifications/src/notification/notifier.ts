import type { EventBus, Scheduler } from '@weace/events';
import type { AnyBulkWriteOperation, ClientSession, Types } from 'mongoose';
import {
  DeliveryModel,
  DeliveryReason,
  DeliveryStatus,
  type OutgoingMessage,
} from '../delivery/delivery.model';
import type { People, Person } from '../people/people';
import { inQuietHours, nextLocalTime, parseClock } from '../preferences/local-time';
import {
  Channel,
  type Preferences,
  PreferencesModel,
  categorySetting,
  defaultPreferences,
} from '../preferences/preferences.model';
import { type Category, type Notification, NotificationModel } from './notification.model';

/** Job names this service schedules. */
export const DELIVER_JOB = 'notifications.deliver';
export const DIGEST_JOB = 'notifications.digest';
/** Deliveries one job sends in its transaction (its lease must outlast them). */
export const DELIVERIES_PER_JOB = 25;

/** What a delivery job holds. */
export interface DeliverJobData {
  readonly deliveryIds: readonly string[];
}

/** What one recipient gets, in their language. */
export interface NotificationContent {
  readonly title: string;
  readonly body: string;
  /** Absolute URL the notification opens. */
  readonly link: string | null;
  readonly email: { readonly subject: string; readonly text: string; readonly html: string };
  /** An RFC 5546 invitation attached to the email. */
  readonly invitation?: { readonly method: string; readonly ics: string };
}

/** Something that notifies people: a domain event through a template, or an announcement. */
export interface Trigger {
  /** With the template, what makes the trigger notify each person once. */
  readonly sourceKey: string;
  readonly template: string;
  readonly category: Category;
  readonly critical: boolean;
  readonly actorId: string | null;
  /** Channels besides IN_APP. */
  readonly channels: readonly Channel[];
  /** Email only in the daily digest. */
  readonly digestOnly?: boolean;
  render(person: Person | undefined): NotificationContent;
}

/** What {@link Notifier.notify} made: the new notifications' ids (redelivered triggers make none). */
export interface Notified {
  readonly created: readonly { readonly id: Types.ObjectId; readonly userId: string }[];
}

export interface NotifierOptions {
  readonly events: EventBus;
  readonly jobs: Scheduler;
  readonly people: People;
  /** The clock; tests set it. */
  readonly now: () => Date;
}

/**
 * Turns a trigger into inbox items and channel deliveries, all within the
 * caller's transaction: the notification (once per source, person and
 * template, by a unique index), its deliveries as preferences, quiet hours
 * and digests decide, their durable jobs, and `notification.created`.
 */
export class Notifier {
  constructor(private readonly options: NotifierOptions) {}

  /**
   * `known` are people the trigger itself describes (a `user.registered`
   * snapshot), who may not be in the directory yet.
   */
  async notify(
    session: ClientSession,
    trigger: Trigger,
    userIds: readonly string[],
    known: ReadonlyMap<string, Person> = new Map(),
  ): Promise<Notified> {
    const recipients = [...new Set(userIds)];
    if (!recipients.length) return { created: [] };
    const now = this.options.now();
    const people = new Map([...(await this.options.people.findMany(recipients)), ...known]);
    const contents = recipients.map((userId) => trigger.render(people.get(userId)));
    const ops: AnyBulkWriteOperation<Notification>[] = recipients.map((userId, i) => ({
      updateOne: {
        filter: { sourceKey: trigger.sourceKey, userId, template: trigger.template },
        update: {
          $setOnInsert: {
            sourceKey: trigger.sourceKey,
            userId,
            template: trigger.template,
            category: trigger.category,
            title: contents[i]!.title,
            body: contents[i]!.body,
            link: contents[i]!.link,
            actorId: trigger.actorId,
            createdAt: now,
            readAt: null,
            seenAt: null,
            archivedAt: null,
          },
        },
        upsert: true,
      },
    }));
    const written = await NotificationModel.bulkWrite(ops, { session, ordered: true });
    const created = Object.entries(written.upsertedIds).map(([index, id]) => ({
      index: Number(index),
      id: id as Types.ObjectId,
      userId: recipients[Number(index)]!,
    }));
    if (!created.length) return { created: [] };

    const createdIds = created.map((c) => c.userId);
    const [stored, unread] = await Promise.all([
      PreferencesModel.find({ _id: { $in: createdIds } })
        .session(session)
        .lean<Preferences[]>(),
      this.unreadCounts(session, createdIds),
    ]);
    const preferences = new Map(stored.map((p) => [p._id, p]));

    const deliveries = [];
    const digests = new Map<string, Date>();
    for (const { index, id, userId } of created) {
      const person = people.get(userId);
      const prefs = preferences.get(userId) ?? defaultPreferences(userId);
      for (const channel of trigger.channels) {
        const plan = planDelivery(trigger, channel, person, prefs, now);
        if (plan.reason === DeliveryReason.DIGEST) {
          digests.set(userId, nextLocalTime(now, prefs.digestHour * 60, zoneOf(person)));
        }
        deliveries.push({
          notificationId: id,
          userId,
          sourceKey: trigger.sourceKey,
          category: trigger.category,
          channel,
          status: plan.status,
          reason: plan.reason,
          deferredUntil: plan.runAt && plan.runAt > now ? plan.runAt : null,
          message: outgoing(channel, contents[index]!, trigger.critical, person),
          runAt: plan.runAt,
        });
      }
    }
    const inserted = await DeliveryModel.insertMany(
      deliveries.map(({ runAt: _runAt, ...delivery }) => delivery),
      { session },
    );
    // One job per chunk of deliveries due at the same moment: a fan-out of
    // thousands schedules tens of jobs, not thousands.
    const due = new Map<number, string[]>();
    for (const [i, delivery] of inserted.entries()) {
      const runAt = deliveries[i]!.runAt;
      if (delivery.status !== DeliveryStatus.QUEUED || !runAt) continue;
      due.set(runAt.getTime(), [...(due.get(runAt.getTime()) ?? []), String(delivery._id)]);
    }
    for (const [at, ids] of due) {
      for (let from = 0; from < ids.length; from += DELIVERIES_PER_JOB) {
        const chunk = ids.slice(from, from + DELIVERIES_PER_JOB);
        await this.options.jobs.schedule(
          DELIVER_JOB,
          new Date(at),
          { deliveryIds: chunk },
          { session, uniqueKey: `delivery:${chunk[0]}:1` },
        );
      }
    }
    for (const [userId, runAt] of digests) {
      await this.options.jobs.schedule(
        DIGEST_JOB,
        runAt,
        { userId },
        { session, uniqueKey: `digest:${userId}:${runAt.toISOString()}` },
      );
    }
    for (const { index, id, userId } of created) {
      const content = contents[index]!;
      await this.options.events.publish(session, {
        type: 'notification.created',
        subject: String(id),
        ...(trigger.actorId && { actorId: trigger.actorId }),
        payload: {
          notificationId: String(id),
          userId,
          category: trigger.category,
          title: content.title,
          body: content.body,
          link: content.link,
          createdAt: now.toISOString(),
          unreadCount: unread.get(userId) ?? 0,
        },
      });
    }
    return { created: created.map(({ id, userId }) => ({ id, userId })) };
  }

  private async unreadCounts(
    session: ClientSession,
    userIds: string[],
  ): Promise<Map<string, number>> {
    const counts = await NotificationModel.aggregate<{ _id: string; unread: number }>([
      { $match: { userId: { $in: userIds }, archivedAt: null, readAt: null } },
      { $group: { _id: '$userId', unread: { $sum: 1 } } },
    ]).session(session);
    return new Map(counts.map((c) => [c._id, c.unread]));
  }
}

interface DeliveryPlan {
  readonly status: DeliveryStatus;
  readonly reason: DeliveryReason | null;
  /** When its job runs (QUEUED only). */
  readonly runAt: Date | null;
}

const skipped = (reason: DeliveryReason): DeliveryPlan => ({
  status: DeliveryStatus.SKIPPED,
  reason,
  runAt: null,
});

/**
 * Rule 1's precedence: a critical template always sends; otherwise a channel
 * the person turned off never sends, and then the category decides (its
 * channels, or the daily digest for email). Quiet hours defer what is left.
 */
export function planDelivery(
  trigger: Pick<Trigger, 'critical' | 'category' | 'digestOnly'>,
  channel: Channel,
  person: Person | undefined,
  preferences: Preferences,
  now: Date,
): DeliveryPlan {
  if (!trigger.critical) {
    if (!preferences.channels.includes(channel)) return skipped(DeliveryReason.PREFERENCE);
    const setting = categorySetting(preferences, trigger.category);
    const digest = channel === Channel.EMAIL && (trigger.digestOnly || setting.digest);
    if (!digest && !setting.channels.includes(channel)) return skipped(DeliveryReason.PREFERENCE);
    if (!hasAddress(channel, person, preferences)) return skipped(DeliveryReason.NO_ADDRESS);
    if (digest) return skipped(DeliveryReason.DIGEST);
    const { quietHours } = preferences;
    if (quietHours.enabled && inQuietHours(now, quietHours.start, quietHours.end, zoneOf(person))) {
      return {
        status: DeliveryStatus.QUEUED,
        reason: DeliveryReason.QUIET_HOURS,
        runAt: nextLocalTime(now, parseClock(quietHours.end), zoneOf(person)),
      };
    }
  } else if (!hasAddress(channel, person, preferences)) {
    return skipped(DeliveryReason.NO_ADDRESS);
  }
  return { status: DeliveryStatus.QUEUED, reason: null, runAt: now };
}

function hasAddress(channel: Channel, person: Person | undefined, preferences: Preferences) {
  switch (channel) {
    case Channel.EMAIL:
      return Boolean(person?.email);
    case Channel.SMS:
      return preferences.phone !== null;
    case Channel.PUSH:
      return preferences.pushSubscriptions.length > 0;
    case Channel.IN_APP:
      return true;
  }
}

export function zoneOf(person: Pick<Person, 'timeZone'> | undefined): string {
  return person?.timeZone ?? 'UTC';
}

function outgoing(
  channel: Channel,
  content: NotificationContent,
  critical: boolean,
  person: Person | undefined,
): OutgoingMessage {
  const base = { link: content.link, critical, ics: null, icsMethod: null, html: null, to: null };
  switch (channel) {
    case Channel.EMAIL:
      return {
        ...base,
        to: person?.email ?? null,
        subject: content.email.subject,
        text: content.email.text,
        html: content.email.html,
        ics: content.invitation?.ics ?? null,
        icsMethod: content.invitation?.method ?? null,
      };
    case Channel.SMS:
      return {
        ...base,
        subject: content.title,
        text: `${content.title}${content.link ? ` ${content.link}` : ''}`,
      };
    default:
      return { ...base, subject: content.title, text: content.body };
  }
}
