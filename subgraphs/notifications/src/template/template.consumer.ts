import type { EventBus } from '@weace/events';
import { EventOrganizersModel } from '../announcement/announcement.model';
import type { Notifier } from '../notification/notifier';
import type { People } from '../people/people';
import { RegistrantModel } from './registrant.model';
import { templateTrigger } from './template.renderer';
import { type RecipientSources, templatedEventTypes, templatesFor } from './templates';

/**
 * Notifies for every domain event that has templates, once per event (the
 * consumer's inbox, and the notifications' unique index behind it), and
 * keeps the registrants the event templates need.
 */
export function subscribeTemplates(
  events: EventBus,
  notifier: Notifier,
  people: People,
  appUrl: string,
): void {
  events.subscribe(
    'registrants',
    [
      'registration.confirmed',
      'registration.waitlisted',
      'waitlist.offered',
      'registration.cancelled',
    ],
    async (event, { session }) => {
      const { registrationId, eventId, userId } = event.payload;
      const status =
        event.type === 'registration.confirmed'
          ? 'CONFIRMED'
          : event.type === 'registration.waitlisted'
            ? 'WAITLISTED'
            : event.type === 'waitlist.offered'
              ? 'OFFERED'
              : 'CANCELLED';
      const cancellation =
        event.type === 'registration.cancelled'
          ? { previousStatus: event.payload.previousStatus, cancelledBy: event.payload.cancelledBy }
          : { previousStatus: null, cancelledBy: null };
      await RegistrantModel.updateOne(
        { _id: registrationId },
        { $set: { eventId, userId, status, ...cancellation } },
        { upsert: true, session },
      );
    },
    { latestOnly: true },
  );

  events.subscribe(
    'event-organizers',
    ['event.published', 'event.updated'],
    async (event, { session }) => {
      await EventOrganizersModel.updateOne(
        { _id: event.payload.eventId },
        { $set: { organizerIds: event.payload.organizerIds } },
        { upsert: true, session },
      );
    },
    { latestOnly: true },
  );

  const sources: RecipientSources = {
    async confirmedRegistrants(eventId) {
      const registrants = await RegistrantModel.find({ eventId, status: 'CONFIRMED' }).lean();
      return registrants.map((r) => r.userId);
    },
    async seatHoldersAtCancellation(eventId) {
      const registrants = await RegistrantModel.find({
        eventId,
        $or: [{ status: 'CONFIRMED' }, { status: 'CANCELLED', previousStatus: 'CONFIRMED' }],
      }).lean();
      return registrants
        .filter((r) => r.status === 'CONFIRMED' || r.cancelledBy !== r.userId)
        .map((r) => r.userId);
    },
    admins: () => people.idsWithRole('ADMIN'),
  };

  events.subscribe('templates', templatedEventTypes, async (event, { session }) => {
    for (const template of templatesFor(event.type)) {
      if (template.applies && !template.applies(event)) continue;
      const recipients = (await template.recipients(event, sources)).filter(
        (userId) => template.notifyActor || userId !== event.actorId,
      );
      if (!recipients.length) continue;
      const snapshot = template.snapshot?.(event);
      const known = new Map(snapshot ? [[snapshot.id, snapshot]] : []);
      const mentioned = new Map([
        ...(await people.findMany([...recipients, ...(template.mentions?.(event) ?? [])])),
        ...known,
      ]);
      const trigger = templateTrigger(template, event, mentioned, appUrl);
      await notifier.notify(session, trigger, recipients, known);
    }
  });
}
