import { Aggregation, BadgeMetric, BadgeModel, BadgePeriod } from '../badges/badge.model';

const DEMO_BADGES = [
  {
    name: 'First steps',
    description: 'Completed a first lesson',
    criteria: [{ metric: BadgeMetric.LESSONS_COMPLETED, threshold: 1, windowDays: null }],
  },
  {
    name: 'Course finisher',
    description: 'Completed a course',
    criteria: [{ metric: BadgeMetric.COURSES_COMPLETED, threshold: 1, windowDays: null }],
  },
  {
    name: 'Coached',
    description: 'Three coaching sessions in 30 days',
    criteria: [{ metric: BadgeMetric.SESSIONS_COMPLETED, threshold: 3, windowDays: 30 }],
  },
  {
    name: 'All-rounder',
    description: 'A lesson, a coaching session and an event',
    criteria: [
      { metric: BadgeMetric.LESSONS_COMPLETED, threshold: 1, windowDays: null },
      { metric: BadgeMetric.SESSIONS_COMPLETED, threshold: 1, windowDays: null },
      { metric: BadgeMetric.EVENTS_ATTENDED, threshold: 1, windowDays: null },
    ],
    aggregation: Aggregation.ALL,
  },
  {
    name: 'Voice',
    description: 'Gave feedback, or reached 100 points',
    criteria: [
      { metric: BadgeMetric.FEEDBACK_GIVEN, threshold: 1, windowDays: null },
      { metric: BadgeMetric.POINTS, threshold: 100, windowDays: null },
    ],
    aggregation: Aggregation.ANY,
  },
  {
    name: 'Learner of the week',
    description: 'Three lessons in a week',
    criteria: [{ metric: BadgeMetric.LESSONS_COMPLETED, threshold: 3, windowDays: null }],
    period: BadgePeriod.WEEK,
  },
  {
    name: 'On a roll',
    description: 'Active three days in a row',
    criteria: [{ metric: BadgeMetric.STREAK_DAYS, threshold: 3, windowDays: null }],
  },
];

/**
 * The demo organisation's badges, once. Points, badges earned, streaks and
 * feedback all come from the other services' demo domain events, which
 * engagement consumes like any others.
 */
export async function seedDemoBadges(): Promise<void> {
  if (await BadgeModel.exists({})) return;
  await BadgeModel.insertMany(DEMO_BADGES);
}
