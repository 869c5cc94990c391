import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

/**
 * One entry of a calendar. Its `uid` never changes for the thing it stands
 * for (a session keeps its UID across reschedules), and its `sequence` rises
 * with every significant change, so calendars update the entry in place.
 */
export interface CalendarEntry {
  readonly uid: string;
  readonly sequence: number;
  readonly startsAt: Date;
  /** Exclusive end. */
  readonly endsAt: Date;
  /**
   * A whole-day entry: its dates are the local dates in `timeZone`, and its
   * DTEND is the day after the last day (RFC 5545's exclusive end).
   */
  readonly allDay?: boolean;
  /** IANA zone of the dates of an all-day entry. Default UTC. */
  readonly timeZone?: string;
  readonly summary: string;
  readonly description?: string;
  readonly location?: string;
  readonly url?: string;
  /** Default CONFIRMED. A cancelled entry stays in feeds with STATUS:CANCELLED. */
  readonly status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface Person {
  readonly name: string;
  readonly email: string;
}

const PRODUCT = { company: 'WeAce', product: 'WeAce', language: 'EN' };

/** `YYYY-MM-DD` of `instant` in `timeZone`, as a UTC midnight (how the generator prints dates). */
function localDate(instant: Date, timeZone: string): Date {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(instant);
  return new Date(`${day}T00:00:00Z`);
}

const DAY_MS = 86_400_000;

function eventData(entry: CalendarEntry) {
  const zone = entry.timeZone ?? 'UTC';
  return {
    id: entry.uid,
    sequence: entry.sequence,
    ...(entry.allDay
      ? {
          allDay: true,
          start: localDate(entry.startsAt, zone),
          // The day after the last day the entry covers.
          end: new Date(localDate(new Date(entry.endsAt.getTime() - 1), zone).getTime() + DAY_MS),
        }
      : { start: entry.startsAt, end: entry.endsAt }),
    summary: entry.summary,
    description: entry.description,
    location: entry.location,
    url: entry.url,
    status: ICalEventStatus[entry.status ?? 'CONFIRMED'],
  };
}

/**
 * A published calendar (a subscribed feed, an event's `.ics` file): entries
 * only, with no ORGANIZER and no METHOD, so calendar apps show them rather
 * than treat them as invitations to answer.
 */
export function buildFeed(name: string, entries: readonly CalendarEntry[]): string {
  const calendar = ical({ name, prodId: PRODUCT });
  for (const entry of entries) calendar.createEvent(eventData(entry));
  return calendar.toString();
}

/**
 * An invitation sent by email (RFC 5546): `METHOD:REQUEST` to add or update
 * the entry, `METHOD:CANCEL` to withdraw it; both require an ORGANIZER.
 */
export function buildInvitation(invitation: {
  readonly method: 'REQUEST' | 'CANCEL';
  readonly entry: CalendarEntry;
  readonly organizer: Person;
  readonly attendees: readonly Person[];
}): string {
  const calendar = ical({ prodId: PRODUCT, method: ICalCalendarMethod[invitation.method] });
  calendar.createEvent({
    ...eventData(
      invitation.method === 'CANCEL'
        ? { ...invitation.entry, status: 'CANCELLED' }
        : invitation.entry,
    ),
    organizer: invitation.organizer,
    attendees: invitation.attendees.map((attendee) => ({
      ...attendee,
      rsvp: invitation.method === 'REQUEST',
    })),
  });
  return calendar.toString();
}
