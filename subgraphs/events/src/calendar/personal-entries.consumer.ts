import type { EventBus, PayloadOf } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { PersonalEntryKind, PersonalEntryModel } from './personal-entry.model';

const dueEntryUid = (enrollmentId: string) => `course-due-${enrollmentId}@weace`;

type SessionPayload = PayloadOf<'session.booked'>;

/** A session as both its coach's and its coachee's feeds show it; older news never overwrites newer. */
async function keepSession(
  session: ClientSession,
  payload: SessionPayload,
  cancelled: boolean,
): Promise<void> {
  const stored = await PersonalEntryModel.findById(payload.ics.uid, { sequence: 1 })
    .session(session)
    .lean()
    .exec();
  if (stored && stored.sequence > payload.ics.sequence) return;
  await PersonalEntryModel.updateOne(
    { _id: payload.ics.uid },
    {
      $set: {
        kind: PersonalEntryKind.SESSION,
        userIds: [payload.coachId, payload.coacheeId],
        sourceId: payload.sessionId,
        summary: `Coaching: ${payload.sessionTypeName}`,
        startsAt: new Date(payload.startsAt),
        endsAt: new Date(payload.endsAt),
        allDay: false,
        timeZone: payload.timeZone,
        sequence: payload.ics.sequence,
        cancelled,
      },
    },
    { upsert: true, session },
  ).exec();
}

/**
 * Keeps the personal feeds' entries of other services: coaching sessions
 * (booked, moved, cancelled: a cancelled one stays, marked so) and the due
 * dates of assigned courses, until the course is completed or withdrawn.
 */
export function subscribePersonalEntries(events: EventBus): void {
  events.subscribe(
    'personal-calendar',
    [
      'session.booked',
      'session.rescheduled',
      'session.cancelled',
      'enrollment.created',
      'enrollment.withdrawn',
      'course.completed',
    ],
    async (event, { session }) => {
      switch (event.type) {
        case 'session.booked':
        case 'session.rescheduled':
          await keepSession(session, event.payload, false);
          return;
        case 'session.cancelled':
          await keepSession(session, event.payload, true);
          return;
        case 'enrollment.created': {
          const { payload } = event;
          if (!payload.dueAt) return;
          const due = new Date(payload.dueAt);
          await PersonalEntryModel.updateOne(
            { _id: dueEntryUid(payload.enrollmentId) },
            {
              $set: {
                kind: PersonalEntryKind.COURSE_DUE,
                userIds: [payload.userId],
                sourceId: payload.enrollmentId,
                summary: `Due: ${payload.courseTitle}`,
                startsAt: due,
                // One whole day: the exclusive end falls on the next day.
                endsAt: new Date(due.getTime() + 1),
                allDay: true,
                timeZone: 'UTC',
                sequence: 0,
                cancelled: false,
              },
            },
            { upsert: true, session },
          ).exec();
          return;
        }
        case 'enrollment.withdrawn':
        case 'course.completed':
          await PersonalEntryModel.deleteOne({ _id: dueEntryUid(event.payload.enrollmentId) })
            .session(session)
            .exec();
      }
    },
  );
}
