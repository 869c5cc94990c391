import { z } from 'zod';
import { defineEvent } from './define-event';
import { calendarEntry, id, instant, timeZone, userId } from './fields';

/** Events (workshops, webinars) and their registrations (the events service). */

const format = z.enum(['ONLINE', 'VENUE', 'HYBRID']);

const event = z.object({
  eventId: id,
  seriesId: id.nullable(),
  title: z.string(),
  format,
  timeZone,
  startsAt: instant,
  endsAt: instant,
  allDay: z.boolean(),
  venueName: z.string().nullable(),
  address: z.string().nullable(),
  organizerIds: z.array(userId),
  ics: calendarEntry,
});

export const eventPublished = defineEvent({
  type: 'event.published',
  version: 1,
  producer: 'events',
  description: 'An event (or an occurrence of a series) opened to registration',
  payload: event,
});

export const eventUpdated = defineEvent({
  type: 'event.updated',
  version: 1,
  producer: 'events',
  description: 'An event changed; `changed` says what (time and place notify registrants)',
  payload: event.extend({ changed: z.array(z.enum(['time', 'place', 'details', 'capacity'])) }),
});

export const eventCancelled = defineEvent({
  type: 'event.cancelled',
  version: 1,
  producer: 'events',
  description: 'An event was cancelled, and with it every registration',
  payload: event.extend({ reason: z.string().nullable() }),
});

export const eventReminder = defineEvent({
  type: 'event.reminder',
  version: 1,
  producer: 'events',
  description: 'An event starts in 24 hours: for its confirmed registrants',
  payload: event.extend({ registrantIds: z.array(userId) }),
});

const registration = {
  registrationId: id,
  eventId: id,
  eventTitle: z.string(),
  userId,
  startsAt: instant,
  endsAt: instant,
};

export const registrationConfirmed = defineEvent({
  type: 'registration.confirmed',
  version: 1,
  producer: 'events',
  description: 'A person holds a seat (registered with seats left, or claimed a waitlist offer)',
  payload: z.object({ ...registration, viaWaitlistOffer: z.boolean() }),
});

export const registrationWaitlisted = defineEvent({
  type: 'registration.waitlisted',
  version: 1,
  producer: 'events',
  description: 'A person joined the waitlist of a full event',
  payload: z.object({ ...registration, position: z.number().int().positive() }),
});

export const waitlistOffered = defineEvent({
  type: 'waitlist.offered',
  version: 1,
  producer: 'events',
  description: 'A seat freed up: the first person waiting may claim it until the deadline',
  payload: z.object({ ...registration, offerExpiresAt: instant }),
});

export const registrationCancelled = defineEvent({
  type: 'registration.cancelled',
  version: 1,
  producer: 'events',
  description: 'A registration was cancelled (by its owner, an organiser, or with its event)',
  payload: z.object({
    ...registration,
    previousStatus: z.enum(['CONFIRMED', 'WAITLISTED', 'OFFERED']),
    cancelledBy: userId.nullable(),
    reason: z.string().nullable(),
  }),
});

export const registrationCheckedIn = defineEvent({
  type: 'registration.checkedIn',
  version: 1,
  producer: 'events',
  description: 'A registrant was checked in at the door (published once per registration)',
  payload: z.object({ ...registration, checkedInAt: instant, checkedInBy: userId }),
});

export const eventRegistrationEvents = [
  eventPublished,
  eventUpdated,
  eventCancelled,
  eventReminder,
  registrationConfirmed,
  registrationWaitlisted,
  waitlistOffered,
  registrationCancelled,
  registrationCheckedIn,
] as const;
