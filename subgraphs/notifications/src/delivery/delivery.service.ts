import type { Scheduler } from '@weace/events';
import { BadUserInputError, NotFoundError } from '@weace/service-kit';
import { type ClientSession, Types } from 'mongoose';
import type { EmailChannel } from '../channels/email.channel';
import type { PushChannel } from '../channels/push.channel';
import type { SmsChannel } from '../channels/sms.channel';
import { notificationsDb } from '../db';
import type { Category } from '../notification/notification.model';
import { DELIVER_JOB } from '../notification/notifier';
import type { People } from '../people/people';
import { Channel, PreferencesModel } from '../preferences/preferences.model';
import { escapeHtml } from '../template/template-engine';
import type { UnsubscribeLinks } from '../unsubscribe/unsubscribe-link';
import {
  type Delivery,
  type DeliveryDocument,
  DeliveryModel,
  DeliveryReason,
  DeliveryStatus,
} from './delivery.model';

export interface Senders {
  readonly email: EmailChannel;
  readonly sms: SmsChannel;
  /** Absent: push deliveries fail (no VAPID keys). */
  readonly push?: PushChannel;
}

export interface DeliveryOptions {
  readonly jobs: Scheduler;
  readonly people: People;
  readonly senders: Senders;
  readonly links: UnsubscribeLinks;
  /** Attempts before a delivery is FAILED and dead-lettered. */
  readonly maxAttempts: number;
  /** The wait before the second attempt; doubled each time, with jitter. */
  readonly retryBaseMs: number;
  /** Failed attempts on the primary email transport before the secondary is used. */
  readonly failoverAfter?: number;
  readonly now: () => Date;
  /** In [0, 1); tests fix it. */
  readonly random?: () => number;
}

/**
 * The wait before attempt `attempt + 1`: base · 2^(attempt-1), jittered
 * between half and all of it ("equal jitter"), so retries of many deliveries
 * failing together spread out instead of hitting the provider at once.
 */
export function backoffMs(attempt: number, baseMs: number, random: () => number): number {
  const ceiling = baseMs * 2 ** (attempt - 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** What sending answered: sent (with the provider's id) or nothing to send to. */
type Outcome =
  | { readonly sent: true; readonly messageId: string; readonly transport: string }
  | { readonly sent: false; readonly reason: DeliveryReason };

/**
 * Sends queued deliveries through their channel, as durable jobs: a failed
 * attempt is recorded and retried with exponential backoff and jitter, the
 * last one leaves the delivery FAILED and dead-lettered until an admin
 * replays it. Everything is written in the job's transaction.
 */
export class DeliveryService {
  constructor(private readonly options: DeliveryOptions) {}

  ofNotification(notificationId: Types.ObjectId): Promise<DeliveryDocument[]> {
    return DeliveryModel.find({ notificationId }).sort({ _id: 1 });
  }

  /** Sends each of a job's deliveries in turn; a failure of one is recorded on it alone. */
  async deliverAll(deliveryIds: readonly string[], session: ClientSession): Promise<void> {
    for (const id of deliveryIds) await this.deliver(id, session);
  }

  async deliver(deliveryId: string, session: ClientSession): Promise<void> {
    const delivery = await DeliveryModel.findOne({
      _id: deliveryId,
      status: DeliveryStatus.QUEUED,
    }).session(session);
    if (!delivery?.message) return;
    const attempt = delivery.attempts + 1;
    const now = this.options.now();
    let outcome: Outcome;
    try {
      outcome = await this.send(delivery, session);
    } catch (error) {
      const lastError = describe(error);
      if (attempt >= this.options.maxAttempts) {
        await DeliveryModel.updateOne(
          { _id: delivery._id },
          {
            $set: {
              status: DeliveryStatus.FAILED,
              attempts: attempt,
              lastError,
              deadLetteredAt: now,
            },
          },
          { session },
        );
        return;
      }
      await DeliveryModel.updateOne(
        { _id: delivery._id },
        { $set: { attempts: attempt, lastError } },
        { session },
      );
      await this.options.jobs.schedule(
        DELIVER_JOB,
        new Date(
          now.getTime() +
            backoffMs(attempt, this.options.retryBaseMs, this.options.random ?? Math.random),
        ),
        { deliveryIds: [deliveryId] },
        { session, uniqueKey: `delivery:${deliveryId}:${attempt + 1}` },
      );
      return;
    }
    await DeliveryModel.updateOne(
      { _id: delivery._id },
      {
        $set: outcome.sent
          ? {
              status: DeliveryStatus.SENT,
              attempts: attempt,
              providerMessageId: outcome.messageId,
              transport: outcome.transport,
              sentAt: now,
              message: null,
            }
          : { status: DeliveryStatus.SKIPPED, reason: outcome.reason, message: null },
      },
      { session },
    );
  }

  private async send(delivery: Delivery, session: ClientSession): Promise<Outcome> {
    const message = delivery.message!;
    const { senders } = this.options;
    const userId = delivery.userId;
    if (!userId) return { sent: false, reason: DeliveryReason.UNSUBSCRIBED };
    if (delivery.channel === Channel.EMAIL) {
      const person = (await this.options.people.findMany([userId])).get(userId);
      const to = person?.email ?? message.to;
      if (!to) return { sent: false, reason: DeliveryReason.NO_ADDRESS };
      const useSecondary =
        senders.email.hasSecondary && delivery.attempts >= (this.options.failoverAfter ?? 2);
      const sent = await senders.email.send(
        {
          to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(!message.critical && {
            unsubscribeUrl: this.options.links.url({ userId, category: delivery.category }),
          }),
          ...(message.ics && { invitation: { method: message.icsMethod!, ics: message.ics } }),
        },
        useSecondary,
      );
      return { sent: true, ...sent };
    }
    const preferences = await PreferencesModel.findById(userId).session(session).lean();
    if (delivery.channel === Channel.SMS) {
      if (!preferences?.phone) return { sent: false, reason: DeliveryReason.NO_ADDRESS };
      const messageId = await senders.sms.send(preferences.phone, message.text);
      return { sent: true, messageId, transport: 'sms' };
    }
    if (!preferences?.pushSubscriptions.length) {
      return { sent: false, reason: DeliveryReason.NO_ADDRESS };
    }
    if (!senders.push) throw new Error('Web Push is not configured (no VAPID keys)');
    const result = await senders.push.send(preferences.pushSubscriptions, {
      title: message.subject,
      body: message.text,
      link: message.link,
    });
    if (result.expired.length) {
      await PreferencesModel.updateOne(
        { _id: userId },
        { $pull: { pushSubscriptions: { endpoint: { $in: result.expired } } } },
        { session },
      );
    }
    if (!result.delivered) return { sent: false, reason: DeliveryReason.NO_ADDRESS };
    return { sent: true, messageId: `push:${result.delivered}`, transport: 'web-push' };
  }

  /** Dead-lettered deliveries, newest first. */
  deadLetters(first: number): Promise<DeliveryDocument[]> {
    return DeliveryModel.find({ status: DeliveryStatus.FAILED })
      .sort({ deadLetteredAt: -1 })
      .limit(first);
  }

  /** Queues a dead-lettered delivery again from its first attempt (after a fix). */
  async replay(id: string): Promise<DeliveryDocument> {
    if (!Types.ObjectId.isValid(id)) throw new BadUserInputError('Not a delivery id', 'id');
    return notificationsDb.transaction(async (session) => {
      const delivery = await DeliveryModel.findOneAndUpdate(
        { _id: id, status: DeliveryStatus.FAILED },
        { $set: { status: DeliveryStatus.QUEUED, attempts: 0, deadLetteredAt: null } },
        { session, returnDocument: 'after' },
      );
      if (!delivery) throw new NotFoundError('Dead-lettered delivery', id);
      await this.options.jobs.schedule(
        DELIVER_JOB,
        this.options.now(),
        { deliveryIds: [id] },
        { session, uniqueKey: `delivery:${id}:replay:${Date.now()}` },
      );
      return delivery;
    });
  }

  /**
   * Sends `userId`'s collected digest email, one per category, and marks what
   * it carried; a day with nothing collected sends nothing.
   */
  async sendDigest(userId: string, session: ClientSession): Promise<number> {
    const collected = await DeliveryModel.find({
      userId,
      channel: Channel.EMAIL,
      reason: DeliveryReason.DIGEST,
      digestedAt: null,
    })
      .sort({ _id: 1 })
      .session(session);
    if (!collected.length) return 0;
    const person = (await this.options.people.findMany([userId])).get(userId);
    const byCategory = new Map<Category, DeliveryDocument[]>();
    for (const delivery of collected) {
      byCategory.set(delivery.category, [...(byCategory.get(delivery.category) ?? []), delivery]);
    }
    const now = this.options.now();
    if (person?.email) {
      for (const [category, items] of byCategory) {
        const lines = items.map(
          (d) => `• ${d.message!.subject}${d.message!.link ? `\n  ${d.message!.link}` : ''}`,
        );
        const subject = `Your WeAce digest: ${items.length} ${category.toLowerCase()} update${items.length === 1 ? '' : 's'}`;
        await this.options.senders.email.send({
          to: person.email,
          subject,
          text: lines.join('\n'),
          html: `<!doctype html><html><body><h2>${subject}</h2><ul>${items
            .map((d) => `<li>${escapeHtml(d.message!.subject)}</li>`)
            .join('')}</ul></body></html>`,
          unsubscribeUrl: this.options.links.url({ userId, category }),
        });
      }
    }
    await DeliveryModel.updateMany(
      { _id: { $in: collected.map((d) => d._id) } },
      { $set: { digestedAt: now, message: null } },
      { session },
    );
    return byCategory.size;
  }
}

function describe(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.slice(0, 500);
}
