import { createHash, randomBytes } from 'node:crypto';
import type { EventBus, Subscription } from '@weace/events';
import type { Response } from 'express';
import { Types } from 'mongoose';
import { NotificationModel } from '../notification/notification.model';
import type { NotificationService } from '../notification/notification.service';
import { StreamTicketModel } from './stream-ticket.model';

const TICKET_TTL_MS = 60_000;
/** Most missed notifications a reconnecting client is sent; beyond, it reloads its list. */
export const REPLAY_LIMIT = 100;

const hash = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/** A notification as the stream sends it. */
interface StreamedNotification {
  readonly notificationId: string;
  readonly [field: string]: unknown;
}

/**
 * One open stream. While it replays what the client missed, live
 * notifications wait in `held`; each id is sent once, in order (ids grow).
 */
interface LiveStream {
  readonly res: Response;
  lastId?: string;
  held?: StreamedNotification[];
}

/** Sends the notification unless the stream already had it; whether it sent. */
function send(stream: LiveStream, notification: StreamedNotification): boolean {
  const id = notification.notificationId;
  if (stream.lastId !== undefined && id <= stream.lastId) return false;
  stream.lastId = id;
  writeEvent(stream.res, 'notification', id, notification);
  return true;
}

/**
 * The live inboxes connected to this replica. Each new notification reaches
 * every replica through the backbone's broadcast of `notification.created`
 * (never process memory), and each replica writes it to the streams of that
 * person it holds, with the unread count as it is at that moment.
 */
export class LiveInbox {
  private readonly streams = new Map<string, Set<LiveStream>>();
  private subscription?: Subscription;

  constructor(
    private readonly notifications: NotificationService,
    private readonly now: () => Date,
  ) {}

  async listen(events: EventBus): Promise<void> {
    this.subscription = await events.broadcast(['notification.created'], (event) => {
      const { userId } = event.payload;
      const open = this.streams.get(userId);
      if (!open?.size) return;
      void this.notifications.counts(userId).then((counts) => {
        for (const stream of open) {
          if (stream.held) {
            stream.held.push(event.payload);
            continue;
          }
          if (send(stream, event.payload)) writeEvent(stream.res, 'counts', undefined, counts);
        }
      });
    });
  }

  async issueTicket(userId: string): Promise<string> {
    const ticket = randomBytes(32).toString('base64url');
    await StreamTicketModel.create({
      _id: hash(ticket),
      userId,
      expiresAt: new Date(this.now().getTime() + TICKET_TTL_MS),
    });
    return ticket;
  }

  /** The ticket's person, once: a used or expired ticket answers null. */
  async redeem(ticket: string): Promise<string | null> {
    const now = this.now();
    const used = await StreamTicketModel.findOneAndUpdate(
      { _id: hash(ticket), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
    ).lean();
    return used?.userId ?? null;
  }

  /** Opens `res` as `userId`'s stream: what they missed since `lastEventId`, the counts, then live. */
  async open(userId: string, res: Response, lastEventId: string | undefined): Promise<void> {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    let open = this.streams.get(userId);
    if (!open) this.streams.set(userId, (open = new Set()));
    // Registered before the replay is read, so nothing falls between the two; what arrives
    // meanwhile is held and sent after it, without what the replay already sent.
    const stream: LiveStream = { res, held: [] };
    open.add(stream);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      open.delete(stream);
      if (!open.size) this.streams.delete(userId);
    });
    if (lastEventId && Types.ObjectId.isValid(lastEventId)) {
      stream.lastId = lastEventId.toLowerCase();
      const missed = await NotificationModel.find({
        userId,
        _id: { $gt: new Types.ObjectId(lastEventId) },
      })
        .sort({ _id: 1 })
        .limit(REPLAY_LIMIT)
        .lean();
      for (const item of missed) {
        send(stream, {
          notificationId: String(item._id),
          userId,
          category: item.category,
          title: item.title,
          body: item.body,
          link: item.link,
          createdAt: item.createdAt.toISOString(),
        });
      }
    }
    const counts = await this.notifications.counts(userId);
    for (const notification of stream.held!) send(stream, notification);
    stream.held = undefined;
    writeEvent(res, 'counts', undefined, counts);
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    for (const open of this.streams.values()) for (const { res } of open) res.end();
    this.streams.clear();
  }
}

function writeEvent(res: Response, event: string, id: string | undefined, data: unknown): void {
  res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
