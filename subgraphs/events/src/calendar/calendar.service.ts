import { type CalendarEntry, buildFeed } from '@weace/calendar';
import { type Event, EventFormat, EventModel, EventStatus, icsUidOf } from '../event/event.model';
import { objectIdOf } from '../registration/registration.service';
import { RegistrationModel, RegistrationStatus } from '../registration/registration.model';
import type { FeedTokens } from './feed-token.service';
import { PersonalEntryModel } from './personal-entry.model';

/**
 * An event as a calendar entry. Its UID never changes; its SEQUENCE is the
 * event's, raised by changes of time, place and status. The join URL is
 * there only for those who may see it (`withJoinUrl`); a ticket code and an
 * ORGANIZER never are.
 */
export function eventEntry(event: Event, { withJoinUrl }: { withJoinUrl: boolean }): CalendarEntry {
  const venue = [event.venueName, event.address].filter(Boolean).join(', ');
  const joinUrl = withJoinUrl && event.format !== EventFormat.VENUE ? event.joinUrl : null;
  return {
    uid: icsUidOf(event),
    sequence: event.icsSequence,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    allDay: event.allDay,
    timeZone: event.timeZone,
    summary: event.title,
    description: [event.description, joinUrl && `Join: ${joinUrl}`].filter(Boolean).join('\n\n'),
    ...(venue ? { location: venue } : joinUrl ? { location: joinUrl } : {}),
    ...(joinUrl && { url: joinUrl }),
    status: event.status === EventStatus.CANCELLED ? 'CANCELLED' : 'CONFIRMED',
  };
}

/** Calendar files: one event's, for anyone; a person's feed, for whoever holds its token. */
export class CalendarService {
  constructor(private readonly tokens: FeedTokens) {}

  /** A published (or since cancelled) event's `.ics`; null for drafts and unknown ids. */
  async eventFile(eventId: string): Promise<string | null> {
    let id;
    try {
      id = objectIdOf(eventId, 'id');
    } catch {
      return null;
    }
    const event = await EventModel.findById(id).exec();
    if (!event || event.status === EventStatus.DRAFT) return null;
    return buildFeed(event.title, [eventEntry(event, { withJoinUrl: false })]);
  }

  /**
   * The personal feed of the token's owner: their confirmed events (and those
   * cancelled under them, marked so), their coaching sessions and their
   * assigned courses' due dates. Null for a token that is nobody's.
   */
  async personalFeed(token: string): Promise<string | null> {
    const userId = await this.tokens.ownerOf(token);
    if (!userId) return null;
    const registrations = await RegistrationModel.find(
      {
        userId,
        $or: [{ status: RegistrationStatus.CONFIRMED }, { cancelledWithEvent: true }],
      },
      { eventId: 1, status: 1 },
    )
      .lean()
      .exec();
    const [events, others] = await Promise.all([
      EventModel.find({ _id: { $in: registrations.map((r) => r.eventId) } })
        .sort({ startsAt: 1 })
        .exec(),
      PersonalEntryModel.find({ userIds: userId }).sort({ startsAt: 1 }).lean().exec(),
    ]);
    const confirmed = new Set(
      registrations
        .filter((r) => r.status === RegistrationStatus.CONFIRMED)
        .map((r) => r.eventId.toHexString()),
    );
    return buildFeed('WeAce', [
      ...events.map((event) =>
        eventEntry(event, { withJoinUrl: confirmed.has(event.id as string) }),
      ),
      ...others.map((entry): CalendarEntry => ({
        uid: entry._id,
        sequence: entry.sequence,
        startsAt: entry.startsAt,
        endsAt: entry.endsAt,
        allDay: entry.allDay,
        timeZone: entry.timeZone,
        summary: entry.summary,
        status: entry.cancelled ? 'CANCELLED' : 'CONFIRMED',
      })),
    ]);
  }
}
