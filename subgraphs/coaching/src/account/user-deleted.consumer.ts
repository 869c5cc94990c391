import type { EventBus } from '@weace/events';
import type { BookingService } from '../booking/booking.service';
import { CoachProfileModel } from '../coach/coach-profile.model';
import { personId } from '../coach/coach.service';

/**
 * A deleted person's future sessions are cancelled ("account deleted", by
 * nobody) and their coach profile leaves the list, once per event, in the
 * consumer's transaction.
 */
export function subscribeUserDeleted(events: EventBus, bookings: BookingService): void {
  events.subscribe('user-deleted', ['user.deleted'], async (event, { session }) => {
    const { userId } = event.payload;
    await bookings.cancelFutureSessionsOf(userId, session);
    const _id = personId(userId);
    if (_id) await CoachProfileModel.updateOne({ _id }, { $set: { active: false } }, { session });
  });
}
