import type { EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import {
  FeedbackSubjectModel,
  FeedbackSubjectType,
  ParticipationModel,
  subjectKeyOf,
} from './participation.model';

async function know(
  session: ClientSession,
  type: FeedbackSubjectType,
  subjectId: string,
  title: string,
  participant?: string,
): Promise<void> {
  const key = subjectKeyOf(type, subjectId);
  await FeedbackSubjectModel.updateOne(
    { _id: key },
    { $set: { type, subjectId, title } },
    { upsert: true, session },
  ).exec();
  if (participant === undefined) return;
  await ParticipationModel.updateOne(
    { _id: `${key}:${participant}` },
    { $setOnInsert: { person: participant, subjectType: type, subjectId } },
    { upsert: true, session },
  ).exec();
}

/**
 * Who took part in what, for feedback: enrolments (courses), bookings
 * (sessions and their coaches), confirmed registrations (known events) and
 * check-ins (attended events). Taking part is never taken back: someone who
 * attended may still say how it was after cancelling the next one.
 */
export function subscribeParticipation(events: EventBus): void {
  events.subscribe(
    'participation',
    ['enrollment.created', 'session.booked', 'registration.confirmed', 'registration.checkedIn'],
    async (event, { session }) => {
      switch (event.type) {
        case 'enrollment.created': {
          const p = event.payload;
          return know(session, FeedbackSubjectType.COURSE, p.courseId, p.courseTitle, p.userId);
        }
        case 'session.booked': {
          const p = event.payload;
          await know(
            session,
            FeedbackSubjectType.SESSION,
            p.sessionId,
            p.sessionTypeName,
            p.coacheeId,
          );
          return know(session, FeedbackSubjectType.COACH, p.coachId, '', p.coacheeId);
        }
        case 'registration.confirmed': {
          const p = event.payload;
          return know(session, FeedbackSubjectType.EVENT, p.eventId, p.eventTitle);
        }
        case 'registration.checkedIn': {
          const p = event.payload;
          return know(session, FeedbackSubjectType.EVENT, p.eventId, p.eventTitle, p.userId);
        }
      }
    },
  );
}
