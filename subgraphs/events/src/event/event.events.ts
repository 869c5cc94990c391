import type { EventBus, PayloadOf } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { type Event, icsUidOf } from './event.model';

/** An event as every `event.*` domain event carries it, with its calendar identity. */
export function eventSnapshot(event: Event): PayloadOf<'event.published'> {
  return {
    eventId: event._id.toHexString(),
    seriesId: event.seriesId?.toHexString() ?? null,
    title: event.title,
    format: event.format,
    timeZone: event.timeZone,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    allDay: event.allDay,
    venueName: event.venueName,
    address: event.address,
    organizerIds: [...event.organizerIds],
    ics: { uid: icsUidOf(event), sequence: event.icsSequence },
  };
}

/** What changed in an update, as `event.updated` says it. */
export type EventChange = PayloadOf<'event.updated'>['changed'][number];

export async function announceEvent(
  events: EventBus,
  session: ClientSession,
  announcement:
    | { type: 'event.published'; event: Event }
    | { type: 'event.updated'; event: Event; changed: EventChange[] }
    | { type: 'event.cancelled'; event: Event; reason: string | null }
    | { type: 'event.reminder'; event: Event; registrantIds: string[] },
  actorId?: string,
): Promise<void> {
  const base = eventSnapshot(announcement.event);
  const subject = base.eventId;
  const actor = actorId ? { actorId } : {};
  switch (announcement.type) {
    case 'event.published':
      await events.publish(session, { type: announcement.type, subject, payload: base, ...actor });
      return;
    case 'event.updated':
      await events.publish(session, {
        type: announcement.type,
        subject,
        payload: { ...base, changed: announcement.changed },
        ...actor,
      });
      return;
    case 'event.cancelled':
      await events.publish(session, {
        type: announcement.type,
        subject,
        payload: { ...base, reason: announcement.reason },
        ...actor,
      });
      return;
    case 'event.reminder':
      await events.publish(session, {
        type: announcement.type,
        subject,
        payload: { ...base, registrantIds: announcement.registrantIds },
      });
  }
}
