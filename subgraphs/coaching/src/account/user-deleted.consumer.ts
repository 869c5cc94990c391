import type { EventBus } from '@weace/events';
import type { BookingService } from '../booking/booking.service';
import { CoachProfileModel } from '../coach/coach-profile.model';
import { personId } from '../coach/coach.service';
import { SessionNoteModel } from '../note/session-note.model';
import { CoachingPackageModel } from '../package/coaching-package.model';

/**
 * A deleted person's future sessions are cancelled ("account deleted", by
 * nobody), their coach profile leaves the list, and the notes they wrote and
 * the packages granted to them are erased: once per event, in the
 * consumer's transaction. Past sessions stay, as the other party's record.
 */
export function subscribeUserDeleted(events: EventBus, bookings: BookingService): void {
  events.subscribe('user-deleted', ['user.deleted'], async (event, { session }) => {
    const { userId } = event.payload;
    await bookings.cancelFutureSessionsOf(userId, session);
    const _id = personId(userId);
    if (_id) await CoachProfileModel.updateOne({ _id }, { $set: { active: false } }, { session });
    await SessionNoteModel.deleteMany({ authorId: userId }, { session });
    await CoachingPackageModel.deleteMany({ userId }, { session });
  });
}
