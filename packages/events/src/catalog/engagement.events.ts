import { z } from 'zod';
import { defineEvent } from './define-event';
import { id, instant, userId } from './fields';

/** Points, levels, badges and feedback (the engagement service). */

export const pointsAwarded = defineEvent({
  type: 'points.awarded',
  version: 1,
  producer: 'engagement',
  description: 'A ledger entry credited (or corrected) points; `total` is the new sum',
  payload: z.object({
    entryId: id,
    userId,
    points: z.number().int(),
    ruleId: id.nullable(),
    reason: z.string(),
    total: z.number().int(),
  }),
});

export const levelReached = defineEvent({
  type: 'level.reached',
  version: 1,
  producer: 'engagement',
  description: 'A person reached a level (once per level crossed, in order)',
  payload: z.object({
    userId,
    level: z.number().int().nonnegative(),
    levelName: z.string(),
    total: z.number().int(),
  }),
});

export const badgeAwarded = defineEvent({
  type: 'badge.awarded',
  version: 1,
  producer: 'engagement',
  description: 'A person earned a badge (once, or once per period for periodic badges)',
  payload: z.object({
    userId,
    badgeId: id,
    badgeName: z.string(),
    awardedAt: instant,
    period: z.string().nullable(),
  }),
});

export const feedbackSubmitted = defineEvent({
  type: 'feedback.submitted',
  version: 1,
  producer: 'engagement',
  description: 'A participant gave or updated feedback (the comment stays in engagement)',
  payload: z.object({
    feedbackId: id,
    userId,
    subjectType: z.enum(['COURSE', 'SESSION', 'EVENT', 'COACH']),
    subjectId: id,
    score: z.number().int().min(0).max(10),
  }),
});

export const engagementEvents = [
  pointsAwarded,
  levelReached,
  badgeAwarded,
  feedbackSubmitted,
] as const;
