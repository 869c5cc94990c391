import type { Envelope } from '@weace/events';
import { registerEnumType } from 'type-graphql';

/** The domain events that earn points, one activity each. */
export const SCORED_EVENT_TYPES = [
  'lesson.completed',
  'assessment.submitted',
  'course.completed',
  'session.completed',
  'registration.checkedIn',
  'feedback.submitted',
] as const;
export type ScoredEventType = (typeof SCORED_EVENT_TYPES)[number];

/** What a ledger entry is about, with a link back to it. */
export enum SubjectKind {
  LESSON = 'LESSON',
  ASSESSMENT = 'ASSESSMENT',
  COURSE = 'COURSE',
  SESSION = 'SESSION',
  EVENT = 'EVENT',
  FEEDBACK = 'FEEDBACK',
}
registerEnumType(SubjectKind, { name: 'PointsSubjectKind' });

/** One scored event as the ledger sees it: whose, about what, when, in plain words. */
export interface Activity {
  readonly person: string;
  readonly subject: { readonly kind: SubjectKind; readonly id: string; readonly title: string };
  readonly occurredAt: Date;
  readonly reason: string;
}

/** A feedback subject's title, which `feedback.submitted` does not carry. */
export type TitleOf = (subjectType: string, subjectId: string) => Promise<string | null>;

/** Reads the activity of a scored event. */
export async function activityOf(
  event: Envelope<ScoredEventType>,
  feedbackTitle: TitleOf,
): Promise<Activity> {
  switch (event.type) {
    case 'lesson.completed': {
      const p = event.payload;
      return {
        person: p.userId,
        subject: { kind: SubjectKind.LESSON, id: p.lessonId, title: p.lessonTitle },
        occurredAt: new Date(p.completedAt),
        reason: `Completed lesson '${p.lessonTitle}'`,
      };
    }
    case 'assessment.submitted': {
      const p = event.payload;
      return {
        person: p.userId,
        subject: { kind: SubjectKind.ASSESSMENT, id: p.assessmentId, title: p.courseTitle },
        occurredAt: new Date(event.occurredAt),
        reason: `${p.passed ? 'Passed' : 'Took'} an assessment in '${p.courseTitle}'`,
      };
    }
    case 'course.completed': {
      const p = event.payload;
      return {
        person: p.userId,
        subject: { kind: SubjectKind.COURSE, id: p.courseId, title: p.courseTitle },
        occurredAt: new Date(p.completedAt),
        reason: `Completed course '${p.courseTitle}'`,
      };
    }
    case 'session.completed': {
      const p = event.payload;
      return {
        person: p.coacheeId,
        subject: { kind: SubjectKind.SESSION, id: p.sessionId, title: p.sessionTypeName },
        occurredAt: new Date(event.occurredAt),
        reason: `Completed coaching session '${p.sessionTypeName}'`,
      };
    }
    case 'registration.checkedIn': {
      const p = event.payload;
      return {
        person: p.userId,
        subject: { kind: SubjectKind.EVENT, id: p.eventId, title: p.eventTitle },
        occurredAt: new Date(p.checkedInAt),
        reason: `Checked in at '${p.eventTitle}'`,
      };
    }
    case 'feedback.submitted': {
      const p = event.payload;
      const title = (await feedbackTitle(p.subjectType, p.subjectId)) ?? p.subjectId;
      return {
        person: p.userId,
        subject: { kind: SubjectKind.FEEDBACK, id: `${p.subjectType}:${p.subjectId}`, title },
        occurredAt: new Date(event.occurredAt),
        reason: `Gave feedback on ${p.subjectType.toLowerCase()} '${title}'`,
      };
    }
  }
}

/** Whether `payload[field]`, as text, is `equals`. */
export function conditionHolds(
  payload: object,
  condition: { field: string; equals: string } | null,
): boolean {
  if (!condition) return true;
  const value = (payload as Record<string, unknown>)[condition.field];
  return value !== undefined && String(value) === condition.equals;
}
