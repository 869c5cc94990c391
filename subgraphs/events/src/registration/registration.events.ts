import type { EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import type { Event } from '../event/event.model';
import type { EventRegistration } from './registration.model';

/** The fields every `registration.*` and `waitlist.*` event shares. */
export function registrationSnapshot(registration: EventRegistration, event: Event) {
  return {
    registrationId: registration._id.toHexString(),
    eventId: event._id.toHexString(),
    eventTitle: event.title,
    userId: registration.userId,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
  };
}

/** Publishes `registration.confirmed` for a seat just taken, in `session`'s transaction. */
export async function announceConfirmed(
  events: EventBus,
  session: ClientSession,
  registration: EventRegistration,
  event: Event,
): Promise<void> {
  await events.publish(session, {
    type: 'registration.confirmed',
    subject: registration._id.toHexString(),
    payload: {
      ...registrationSnapshot(registration, event),
      viaWaitlistOffer: registration.viaWaitlistOffer,
    },
    actorId: registration.userId,
  });
}
