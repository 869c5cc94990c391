import type { EventBus } from '@weace/events';
import { CalendarFeedModel } from '../calendar/feed-token.model';
import { PersonalEntryModel } from '../calendar/personal-entry.model';
import { EventModel } from '../event/event.model';
import { RegistrationModel } from '../registration/registration.model';
import type { RegistrationService } from '../registration/registration.service';

/**
 * A deleted person leaves: their live registrations are cancelled (a seat
 * they held goes to the next in line), their feed URL stops working, and the
 * entries kept for their feed go.
 */
export function subscribePersonErasure(events: EventBus, registrations: RegistrationService): void {
  events.subscribe('person-erasure', ['user.deleted'], async (event, { session }) => {
    const { userId } = event.payload;
    const live = await RegistrationModel.find({ userId, live: true }).session(session).exec();
    for (const registration of live) {
      const held = await EventModel.findById(registration.eventId).session(session).exec();
      if (held) {
        await registrations.cancelIn(session, registration, held, {
          by: null,
          reason: 'The account was deleted',
        });
      }
    }
    await CalendarFeedModel.deleteOne({ _id: userId }).session(session).exec();
    await PersonalEntryModel.updateMany({ userIds: userId }, { $pull: { userIds: userId } })
      .session(session)
      .exec();
    await PersonalEntryModel.deleteMany({ userIds: { $size: 0 } })
      .session(session)
      .exec();
  });
}
