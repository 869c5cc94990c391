import { z } from 'zod';
import { defineEvent } from './define-event';
import { calendarEntry, id, instant, timeZone, userId } from './fields';

/** Coaching sessions (the coaching service). The ICS identity travels with each. */

const session = z.object({
  sessionId: id,
  coachId: userId,
  coacheeId: userId,
  sessionTypeId: id,
  sessionTypeName: z.string(),
  startsAt: instant,
  endsAt: instant,
  /** The coach's zone, in which the session was offered. */
  timeZone,
  ics: calendarEntry,
});

export const sessionBooked = defineEvent({
  type: 'session.booked',
  version: 1,
  producer: 'coaching',
  description: 'A coachee booked a session with a coach',
  payload: session,
});

export const sessionCancelled = defineEvent({
  type: 'session.cancelled',
  version: 1,
  producer: 'coaching',
  description: 'A session was cancelled; who did it and why are kept',
  payload: session.extend({
    cancelledBy: userId.nullable(),
    reason: z.string().nullable(),
    /** Cancelled inside the cancellation notice window (a package credit is used up). */
    late: z.boolean(),
  }),
});

export const sessionRescheduled = defineEvent({
  type: 'session.rescheduled',
  version: 1,
  producer: 'coaching',
  description: 'A session moved to a new time: a new session replaces the old one, same ICS UID',
  payload: session.extend({
    previousSessionId: id,
    previousStartsAt: instant,
    previousEndsAt: instant,
  }),
});

export const sessionCompleted = defineEvent({
  type: 'session.completed',
  version: 1,
  producer: 'coaching',
  description: 'The coach marked a session as held',
  payload: session,
});

export const sessionNoShow = defineEvent({
  type: 'session.noShow',
  version: 1,
  producer: 'coaching',
  description: 'The coach marked that the coachee did not attend',
  payload: session,
});

export const sessionReminder = defineEvent({
  type: 'session.reminder',
  version: 1,
  producer: 'coaching',
  description: 'A booked session starts soon (24 h and 1 h before)',
  payload: session.extend({ hoursBefore: z.number().int().positive() }),
});

export const coachingEvents = [
  sessionBooked,
  sessionCancelled,
  sessionRescheduled,
  sessionCompleted,
  sessionNoShow,
  sessionReminder,
] as const;
