import type { EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { LedgerEntryModel, EntryKind } from '../ledger/ledger-entry.model';
import type { ScoredEventType } from '../ledger/activities';
import type { Settings } from '../settings/settings.model';
import { streakOf } from '../streaks/streak.service';
import { Period, periodBounds, periodKeys } from '../time/calendar';
import {
  Aggregation,
  type Badge,
  type BadgeCriterion,
  BadgeAwardModel,
  BadgeMetric,
  BadgeModel,
  BadgePeriod,
} from './badge.model';

const ACTIVITY_OF: Partial<Record<BadgeMetric, ScoredEventType>> = {
  [BadgeMetric.LESSONS_COMPLETED]: 'lesson.completed',
  [BadgeMetric.ASSESSMENTS_PASSED]: 'assessment.submitted',
  [BadgeMetric.COURSES_COMPLETED]: 'course.completed',
  [BadgeMetric.SESSIONS_COMPLETED]: 'session.completed',
  [BadgeMetric.EVENTS_ATTENDED]: 'registration.checkedIn',
  [BadgeMetric.FEEDBACK_GIVEN]: 'feedback.submitted',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whose badges to evaluate, when, and in which zones. */
export interface BadgeContext {
  readonly person: string;
  readonly now: Date;
  readonly personZone: string;
  readonly settings: Settings;
}

/**
 * Evaluates badges after a credit, inside its transaction: every active badge
 * the person does not hold yet (for the current period) whose criteria hold
 * is awarded, with `badge.awarded`. Awards are keyed by (badge, person,
 * period) under a unique index, so concurrent credits award once.
 */
export class BadgeAwarder {
  constructor(private readonly events: EventBus) {}

  async evaluate(session: ClientSession, context: BadgeContext): Promise<void> {
    const { person, now, settings } = context;
    const keys = periodKeys(now, settings.timeZone, settings.firstDayOfWeek);
    const periodKey = (badge: Badge) =>
      badge.period === BadgePeriod.WEEK
        ? keys[Period.WEEK]
        : badge.period === BadgePeriod.MONTH
          ? keys[Period.MONTH]
          : BadgePeriod.ONCE;
    const badges = await BadgeModel.find({ active: true }).session(session).lean().exec();
    if (badges.length === 0) return;
    const held = await BadgeAwardModel.find({ person }, { badge: 1, period: 1 })
      .session(session)
      .lean()
      .exec();
    const holds = new Set(held.map((award) => `${award.badge.toHexString()}:${award.period}`));
    for (const badge of badges) {
      const period = periodKey(badge);
      if (holds.has(`${badge._id.toHexString()}:${period}`)) continue;
      if (!(await this.earned(session, badge, context))) continue;
      const result = await BadgeAwardModel.updateOne(
        { badge: badge._id, person, period },
        { $setOnInsert: { badge: badge._id, person, period, awardedAt: now } },
        { upsert: true, session },
      ).exec();
      if (result.upsertedCount !== 1) continue;
      await this.events.publish(session, {
        type: 'badge.awarded',
        subject: person,
        payload: {
          userId: person,
          badgeId: badge._id.toHexString(),
          badgeName: badge.name,
          awardedAt: now.toISOString(),
          period: period === BadgePeriod.ONCE ? null : period,
        },
      });
    }
  }

  private async earned(session: ClientSession, badge: Badge, context: BadgeContext) {
    for (const criterion of badge.criteria) {
      const value = await this.measure(session, criterion, badge.period, context);
      const holds = value >= criterion.threshold;
      if (badge.aggregation === Aggregation.ANY && holds) return true;
      if (badge.aggregation === Aggregation.ALL && !holds) return false;
    }
    return badge.aggregation === Aggregation.ALL;
  }

  /** A criterion's value now: a count or sum of ledger entries in its window, or the streak. */
  private async measure(
    session: ClientSession,
    criterion: BadgeCriterion,
    period: BadgePeriod,
    { person, now, personZone, settings }: BadgeContext,
  ): Promise<number> {
    if (criterion.metric === BadgeMetric.STREAK_DAYS) {
      return (await streakOf(person, personZone, settings, now, session)).current;
    }
    const since = windowStart(criterion, period, now, settings);
    const match = {
      person,
      ...(since && { occurredAt: { $gte: since } }),
      ...(criterion.metric === BadgeMetric.POINTS
        ? {}
        : { activity: ACTIVITY_OF[criterion.metric], kind: EntryKind.RULE, points: { $gt: 0 } }),
    };
    if (criterion.metric !== BadgeMetric.POINTS) {
      return LedgerEntryModel.countDocuments(match).session(session).exec();
    }
    const [sum] = await LedgerEntryModel.aggregate<{ points: number }>([
      { $match: match },
      { $group: { _id: null, points: { $sum: '$points' } } },
    ])
      .session(session)
      .exec();
    return sum?.points ?? 0;
  }
}

/** Where a criterion starts counting: its window, or its badge's period, or ever. */
function windowStart(
  criterion: BadgeCriterion,
  period: BadgePeriod,
  now: Date,
  settings: Settings,
): Date | null {
  if (criterion.windowDays) return new Date(now.getTime() - criterion.windowDays * DAY_MS);
  if (period === BadgePeriod.ONCE) return null;
  const unit = period === BadgePeriod.WEEK ? Period.WEEK : Period.MONTH;
  return periodBounds(now, unit, settings.timeZone, settings.firstDayOfWeek).start;
}
