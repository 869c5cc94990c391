import type { EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { ParticipantModel } from '../people/participant.model';
import { loadSettings } from '../settings/settings.service';
import { localDay } from '../time/calendar';
import { ActivityFactModel, ActivityModel, FactKind } from './activity.model';

/** Marks `person` active on the organisation's day of `at` (idempotent). */
export async function recordActivity(
  session: ClientSession,
  person: string,
  department: string | null,
  at: Date,
  zone: string,
): Promise<void> {
  const day = localDay(at, zone);
  await ActivityModel.updateOne(
    { _id: `${person}:${day}` },
    { $setOnInsert: { person, day, department } },
    { upsert: true, session },
  ).exec();
}

/**
 * What reports count besides the ledger: sign-ins (activity), and course
 * completions, coaching sessions and check-ins, whatever the points rules say.
 */
export function subscribeActivity(events: EventBus): void {
  events.subscribe(
    'activity',
    ['user.signedIn', 'course.completed', 'session.completed', 'registration.checkedIn'],
    async (event, { session }) => {
      const person =
        event.type === 'session.completed' ? event.payload.coacheeId : event.payload.userId;
      if (!person) return; // a first SSO sign-in, before the profile exists
      const settings = await loadSettings(session);
      const participant = await ParticipantModel.findById(person, { department: 1, deleted: 1 })
        .session(session)
        .lean()
        .exec();
      if (participant?.deleted) return;
      const department = participant?.department ?? null;
      const at = new Date(event.occurredAt);
      if (event.type === 'user.signedIn') {
        await recordActivity(session, person, department, at, settings.timeZone);
        return;
      }
      const kind =
        event.type === 'course.completed'
          ? FactKind.COMPLETION
          : event.type === 'session.completed'
            ? FactKind.SESSION
            : FactKind.CHECK_IN;
      await ActivityFactModel.updateOne(
        { _id: event.id },
        { $setOnInsert: { kind, person, department, day: localDay(at, settings.timeZone) } },
        { upsert: true, session },
      ).exec();
    },
  );
}
