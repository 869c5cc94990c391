import type { EventBus, PayloadOf } from '@weace/events';
import { buildFeed } from '@weace/calendar';
import type { ClientSession } from 'mongoose';
import { type CoachingSession, type CoachingSessionDocument, SessionStatus } from './session.model';

/** The ICS UID of a booking and of every session it is rescheduled to. */
export function icsUidFor(firstSessionId: string): string {
  return `coaching-session-${firstSessionId}@weace`;
}

/** What every `session.*` event carries: the session, its times and its calendar identity. */
export function sessionPayload(session: CoachingSessionDocument): PayloadOf<'session.booked'> {
  return {
    sessionId: session.id as string,
    coachId: session.coachId,
    coacheeId: session.coacheeId,
    sessionTypeId: session.sessionTypeId.toHexString(),
    sessionTypeName: session.sessionTypeName,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timeZone: session.timeZone,
    ics: { uid: session.icsUid, sequence: session.icsSequence },
  };
}

/** The session as one calendar entry, built by the shared ICS builder. */
export function sessionIcs(session: CoachingSession): string {
  return buildFeed('WeAce coaching', [
    {
      uid: session.icsUid,
      sequence: session.icsSequence,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      summary: `Coaching: ${session.sessionTypeName}`,
      status: session.status === SessionStatus.CANCELLED ? 'CANCELLED' : 'CONFIRMED',
    },
  ]);
}

/** Publishes a `session.*` event about `session` in the caller's transaction. */
export function announce<T extends 'session.booked' | 'session.completed' | 'session.noShow'>(
  events: EventBus,
  transaction: ClientSession,
  type: T,
  session: CoachingSessionDocument,
  actorId?: string,
) {
  return events.publish(transaction, {
    type,
    subject: session.id as string,
    payload: sessionPayload(session) as PayloadOf<T>,
    ...(actorId && { actorId }),
  });
}
