import { z } from 'zod';

/**
 * Field shapes the catalog's payloads share. Payloads travel as JSON, so
 * times are ISO-8601 strings in UTC and ids are strings.
 */

/** Any aggregate's id as its service prints it (ObjectId hex, ULID, …). */
export const id = z.string().min(1).max(128);

/** A person, always by `User.id` (the users subgraph's id). */
export const userId = id;

export const instant = z.iso.datetime();

/** An IANA time-zone name, e.g. `Europe/London`. */
export const timeZone = z.string().min(1).max(64);

export const role = z.enum(['ADMIN', 'COACH', 'ORGANIZER', 'LEARNER']);

/**
 * What a consumer needs to know of a person without calling users back:
 * addresses for notifications, departments for reports, names for boards.
 */
export const personSnapshot = z.object({
  id: userId,
  /** The identity provider's subject, how tokens name the person. */
  subject: z.string().min(1),
  email: z.email(),
  name: z.string(),
  locale: z.string().nullable(),
  timeZone: timeZone.nullable(),
  department: z.string().nullable(),
  roles: z.array(role),
  status: z.enum(['PENDING', 'ACTIVE', 'DISABLED']),
});

/**
 * A calendar entry's identity (RFC 5545): the UID never changes across
 * reschedules, the SEQUENCE rises with every significant change, so every
 * calendar that got the entry updates it instead of adding another.
 */
export const calendarEntry = z.object({
  uid: z.string().min(1),
  sequence: z.number().int().nonnegative(),
});
