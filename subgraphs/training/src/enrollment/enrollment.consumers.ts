import type { EventBus } from '@weace/events';
import { LessonKind, LessonModel } from '../content/content.model';
import type { CompletionService } from './completion.service';
import { EnrollmentModel, EnrollmentStatus } from './enrollment.model';
import type { EnrollmentService } from './enrollment.service';

/**
 * `registration.checkedIn` (events): the event lessons linked to that event
 * are complete for that person, in each course they are active in.
 */
export function subscribeCheckIns(events: EventBus, completion: CompletionService): void {
  events.subscribe('check-ins', ['registration.checkedIn'], async (event, { session }) => {
    const { eventId, userId, checkedInAt } = event.payload;
    const lessons = await LessonModel.find({ eventId, kind: LessonKind.EVENT })
      .session(session)
      .exec();
    for (const lesson of lessons) {
      const enrollment = await EnrollmentModel.findOne({
        userId,
        courseId: lesson.courseId,
        current: true,
        status: EnrollmentStatus.ACTIVE,
      })
        .session(session)
        .exec();
      if (enrollment) {
        await completion.completeLessonIn(session, enrollment._id, lesson, new Date(checkedInAt));
      }
    }
  });
}

/** `user.deleted` (users): the person's active enrollments are withdrawn; certificates stay verifiable. */
export function subscribeDeletedUsers(events: EventBus, enrollments: EnrollmentService): void {
  events.subscribe('deleted-users', ['user.deleted'], async (event, { session }) => {
    await enrollments.withdrawAllIn(session, event.payload.userId);
  });
}
