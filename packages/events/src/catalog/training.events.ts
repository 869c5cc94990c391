import { z } from 'zod';
import { defineEvent } from './define-event';
import { id, instant, userId } from './fields';

/** Courses, enrollments, assessments and certificates (the training service). */

const course = { courseId: id, courseTitle: z.string() };
const enrollment = { enrollmentId: id, ...course, userId };

export const coursePublished = defineEvent({
  type: 'course.published',
  version: 1,
  producer: 'training',
  description: 'A course became visible to learners',
  payload: z.object({
    ...course,
    code: z.string(),
    instructorIds: z.array(userId),
    startsAt: instant.nullable(),
    endsAt: instant.nullable(),
    validityDays: z.number().int().positive().nullable(),
  }),
});

export const enrollmentCreated = defineEvent({
  type: 'enrollment.created',
  version: 1,
  producer: 'training',
  description: 'A person enrolled, or an admin assigned them a course (with a due date)',
  payload: z.object({
    ...enrollment,
    source: z.enum(['SELF', 'ASSIGNED']),
    dueAt: instant.nullable(),
    /** The certification cycle the enrollment works towards (1 for a first completion). */
    cycle: z.number().int().positive(),
  }),
});

export const enrollmentWithdrawn = defineEvent({
  type: 'enrollment.withdrawn',
  version: 1,
  producer: 'training',
  description: 'A person left a course (themselves, or because their account was deleted)',
  payload: z.object({ ...enrollment, reason: z.string().nullable() }),
});

export const enrollmentOverdue = defineEvent({
  type: 'enrollment.overdue',
  version: 1,
  producer: 'training',
  description: 'An assigned course passed its due date without completion (published once)',
  payload: z.object({ ...enrollment, dueAt: instant }),
});

export const lessonCompleted = defineEvent({
  type: 'lesson.completed',
  version: 1,
  producer: 'training',
  description:
    'A required or optional lesson was completed (content read, assessment passed, event attended)',
  payload: z.object({
    ...enrollment,
    lessonId: id,
    lessonTitle: z.string(),
    completedAt: instant,
  }),
});

export const assessmentSubmitted = defineEvent({
  type: 'assessment.submitted',
  version: 1,
  producer: 'training',
  description: 'An attempt was graded (submitted by the learner or at its deadline)',
  payload: z.object({
    ...enrollment,
    attemptId: id,
    assessmentId: id,
    lessonId: id,
    attemptNumber: z.number().int().positive(),
    score: z.number().min(0).max(100),
    passed: z.boolean(),
  }),
});

export const courseCompleted = defineEvent({
  type: 'course.completed',
  version: 1,
  producer: 'training',
  description: 'Every required lesson of a course is complete (once per certification cycle)',
  payload: z.object({
    ...enrollment,
    completedAt: instant,
    grade: z.number().min(0).max(100).nullable(),
    cycle: z.number().int().positive(),
  }),
});

const certificate = {
  certificateId: id,
  ...course,
  userId,
  cycle: z.number().int().positive(),
};

export const certificateIssued = defineEvent({
  type: 'certificate.issued',
  version: 1,
  producer: 'training',
  description: 'A certificate was issued on completion; its code verifies it publicly',
  payload: z.object({
    ...certificate,
    verificationCode: z.string().regex(/^[0-9a-f]{32}$/),
    issuedAt: instant,
    expiresAt: instant.nullable(),
  }),
});

export const certificateRevoked = defineEvent({
  type: 'certificate.revoked',
  version: 1,
  producer: 'training',
  description: 'An admin revoked a certificate',
  payload: z.object({ ...certificate, reason: z.string(), revokedBy: userId }),
});

export const certificateExpiring = defineEvent({
  type: 'certificate.expiring',
  version: 1,
  producer: 'training',
  description: 'A certificate expires soon (30 and 7 days before): recertification is open',
  payload: z.object({
    ...certificate,
    expiresAt: instant,
    daysLeft: z.number().int().nonnegative(),
  }),
});

export const trainingEvents = [
  coursePublished,
  enrollmentCreated,
  enrollmentWithdrawn,
  enrollmentOverdue,
  lessonCompleted,
  assessmentSubmitted,
  courseCompleted,
  certificateIssued,
  certificateRevoked,
  certificateExpiring,
] as const;
