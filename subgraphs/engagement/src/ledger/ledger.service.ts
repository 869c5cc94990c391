import type { Envelope, EventBus } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { recordActivity } from '../analytics/activity.consumer';
import type { BadgeAwarder } from '../badges/badge-awarder';
import { levelOf } from '../levels/levels';
import { ParticipantModel } from '../people/participant.model';
import { type PointsRule, PointsRuleModel } from '../rules/points-rule.model';
import { loadSettings } from '../settings/settings.service';
import { ActiveDayModel } from '../streaks/active-day.model';
import { dayBounds, localDay, periodBounds, periodKeys, Period } from '../time/calendar';
import { type ScoredEventType, type TitleOf, activityOf, conditionHolds } from './activities';
import {
  EntryKind,
  type EntrySubject,
  type LedgerEntry,
  LedgerEntryModel,
} from './ledger-entry.model';
import { TotalModel, totalId } from './total.model';

/** One ledger entry to write, before the checks that may refuse it. */
export interface CreditDraft {
  readonly person: string;
  readonly points: number;
  readonly kind: EntryKind;
  /** The scored event type, or `manual`. */
  readonly activity: string;
  readonly reason: string;
  readonly rule?: Pick<PointsRule, '_id' | 'capPerDay' | 'capPerWeek' | 'oncePerSubject'> | null;
  readonly subject?: EntrySubject | null;
  readonly sourceEventId?: string | null;
  readonly occurredAt: Date;
  readonly awardedBy?: string | null;
}

/**
 * The one way points change: an entry appended to the ledger, with the
 * period totals, the active day, `points.awarded`, the levels crossed and the
 * badges earned, all in the caller's transaction.
 */
export class Ledger {
  constructor(
    private readonly events: EventBus,
    private readonly badges: BadgeAwarder,
    private readonly titles: TitleOf,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Credits a scored domain event under every active rule for its type whose
   * condition holds. Redelivered or raced, it credits once: the entry is keyed
   * by (event, rule) and, for once-per-subject rules, (person, rule, subject).
   */
  async scoreEvent(session: ClientSession, event: Envelope<ScoredEventType>): Promise<void> {
    const rules = await PointsRuleModel.find({ eventType: event.type, active: true })
      .session(session)
      .lean()
      .exec();
    const applicable = rules.filter((rule) => conditionHolds(event.payload, rule.condition));
    if (applicable.length === 0) return;
    const activity = await activityOf(event, this.titles);
    for (const rule of applicable) {
      await this.credit(session, {
        person: activity.person,
        points: rule.points,
        kind: EntryKind.RULE,
        activity: event.type,
        reason: activity.reason,
        rule,
        subject: activity.subject,
        sourceEventId: event.id,
        occurredAt: activity.occurredAt,
      });
    }
  }

  /** Appends one entry, or nothing when it was credited already or is over a cap. */
  async credit(session: ClientSession, draft: CreditDraft): Promise<LedgerEntry | null> {
    const { person, rule } = draft;
    // Written first by every credit of this person: their credits run one after another.
    const participant = await ParticipantModel.findOneAndUpdate(
      { _id: person },
      { $inc: { credits: 1 } },
      { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true, session },
    )
      .lean()
      .exec();
    if (participant!.deleted) return null;
    const settings = await loadSettings(session);
    const zone = participant!.timeZone ?? settings.timeZone;
    const subjectKey = draft.subject ? `${draft.subject.kind}:${draft.subject.id}` : null;
    const once = draft.kind === EntryKind.RULE && rule?.oncePerSubject === true && !!subjectKey;

    if (rule && draft.sourceEventId) {
      // The partial index's filter spelled out, so the query is seen to be inside it.
      const seen = await LedgerEntryModel.exists({
        $and: [{ sourceEventId: draft.sourceEventId }, { sourceEventId: { $type: 'string' } }],
        rule: rule._id,
      })
        .session(session)
        .exec();
      if (seen) return null;
    }
    if (once) {
      const earned = await LedgerEntryModel.exists({
        person,
        rule: rule!._id,
        subjectKey,
        once: true,
      })
        .session(session)
        .exec();
      if (earned) return null;
    }
    if (
      draft.kind === EntryKind.RULE &&
      rule &&
      (await this.overCap(session, draft, zone, settings.firstDayOfWeek))
    ) {
      return null;
    }

    const [entry] = await LedgerEntryModel.create(
      [
        {
          person,
          points: draft.points,
          kind: draft.kind,
          rule: rule?._id ?? null,
          activity: draft.activity,
          reason: draft.reason,
          subject: draft.subject ?? null,
          subjectKey,
          ...(once && { once: true }),
          sourceEventId: draft.sourceEventId ?? null,
          occurredAt: draft.occurredAt,
          awardedBy: draft.awardedBy ?? null,
        },
      ],
      { session },
    );

    const keys = periodKeys(draft.occurredAt, settings.timeZone, settings.firstDayOfWeek);
    // One operation at a time: a transaction's operations share its session.
    const totals = new Map<string, number>();
    for (const [period, key] of Object.entries(keys)) {
      const total = await TotalModel.findOneAndUpdate(
        { _id: totalId(key, person) },
        {
          $inc: { points: draft.points },
          $set: {
            name: participant!.name,
            department: participant!.department,
            optedOut: participant!.optedOut,
          },
          $setOnInsert: { period: key, person },
        },
        { upsert: true, returnDocument: 'after', session },
      )
        .lean()
        .exec();
      totals.set(period, total!.points);
    }
    const total = totals.get(Period.ALL_TIME)!;
    // A correction is not something the person did: it makes no day active.
    if (draft.kind !== EntryKind.CORRECTION) {
      await recordActivity(
        session,
        person,
        participant!.department,
        draft.occurredAt,
        settings.timeZone,
      );
      const day = localDay(draft.occurredAt, zone);
      await ActiveDayModel.updateOne(
        { _id: `${person}:${day}` },
        { $setOnInsert: { person, day } },
        { upsert: true, session },
      ).exec();
    }

    await this.events.publish(session, {
      type: 'points.awarded',
      subject: person,
      ...(draft.awardedBy && { actorId: draft.awardedBy }),
      payload: {
        entryId: entry!._id.toHexString(),
        userId: person,
        points: draft.points,
        ruleId: rule?._id.toHexString() ?? null,
        reason: draft.reason,
        total,
      },
    });
    await this.announceLevels(session, person, participant!.levelReached, total, settings.levels);
    await this.badges.evaluate(session, { person, now: this.now(), personZone: zone, settings });
    return entry!;
  }

  /** Whether the rule already credited its daily or weekly cap in the person's zone. */
  private async overCap(
    session: ClientSession,
    { person, rule, occurredAt }: CreditDraft,
    zone: string,
    firstDay: number,
  ): Promise<boolean> {
    const windows: { cap: number; start: Date; end: Date }[] = [];
    if (rule!.capPerDay) {
      windows.push({ cap: rule!.capPerDay, ...dayBounds(localDay(occurredAt, zone), zone) });
    }
    if (rule!.capPerWeek) {
      windows.push({
        cap: rule!.capPerWeek,
        ...periodBounds(occurredAt, Period.WEEK, zone, firstDay),
      });
    }
    for (const { cap, start, end } of windows) {
      const credited = await LedgerEntryModel.countDocuments({
        person,
        rule: rule!._id,
        kind: EntryKind.RULE,
        occurredAt: { $gte: start, $lt: end },
      })
        .session(session)
        .exec();
      if (credited >= cap) return true;
    }
    return false;
  }

  /**
   * `level.reached` for every level above the highest announced up to the one
   * `total` reaches, in order. A total that fell (a correction) announces
   * nothing, and a level is never announced twice.
   */
  private async announceLevels(
    session: ClientSession,
    person: string,
    announced: number,
    total: number,
    levels: Parameters<typeof levelOf>[0],
  ): Promise<void> {
    const reached = levelOf(levels, total).number;
    if (reached <= announced) return;
    for (let number = announced + 1; number <= reached; number += 1) {
      await this.events.publish(session, {
        type: 'level.reached',
        subject: person,
        payload: { userId: person, level: number, levelName: levels[number - 1]!.name, total },
      });
    }
    await ParticipantModel.updateOne(
      { _id: person },
      { $max: { levelReached: reached } },
      { session },
    ).exec();
  }
}
