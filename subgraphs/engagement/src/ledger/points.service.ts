import type { EventBus } from '@weace/events';
import {
  BadUserInputError,
  type Connection,
  type Logger,
  NotFoundError,
  type PageArgs,
  paginate,
  parseObjectId,
} from '@weace/service-kit';
import { ParticipantModel } from '../people/participant.model';
import { PointsRuleModel } from '../rules/points-rule.model';
import { EntryKind, type LedgerEntry, LedgerEntryModel } from './ledger-entry.model';
import type { Ledger } from './ledger.service';

/** What a recompute wrote. */
export interface RecomputeOutcome {
  readonly corrections: number;
  readonly points: number;
}

/** A person's explainable history, and the administrators' corrections. */
export class PointsService {
  constructor(
    private readonly events: EventBus,
    private readonly ledger: Ledger,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The person's ledger, newest entry first, each with its reason in plain words. */
  history(person: string, page: PageArgs): Promise<Connection<LedgerEntry>> {
    return paginate(LedgerEntryModel, { person }, page, {
      sort: { field: '_id', direction: 'DESC' },
    });
  }

  /** ADMIN: a manual award (negative: taken), with its reason and who gave it. */
  async award(admin: string, userId: string, points: number, reason: string): Promise<LedgerEntry> {
    if (points === 0)
      throw new BadUserInputError('Award a number of points other than 0', 'points');
    const text = reason.trim();
    if (!text) throw new BadUserInputError('Say why the points are awarded', 'reason');
    return this.events.withTransaction(async (session) => {
      const known = await ParticipantModel.exists({ _id: userId, deleted: false })
        .session(session)
        .exec();
      if (!known) throw new NotFoundError('User', userId);
      const entry = await this.ledger.credit(session, {
        person: userId,
        points,
        kind: EntryKind.MANUAL,
        activity: 'manual',
        reason: `Awarded by an administrator: ${text}`,
        occurredAt: this.now(),
        awardedBy: admin,
      });
      return entry!;
    });
  }

  /**
   * ADMIN: brings every past credit of a rule to what the rule gives now,
   * with compensating entries (never an edit or a deletion). Each correction
   * is keyed by the rule's version and the credit it corrects, so running it
   * again, or twice at once, writes nothing more.
   */
  async recompute(ruleId: string): Promise<RecomputeOutcome> {
    const rule = await PointsRuleModel.findById(parseObjectId(ruleId, 'ruleId', 'points rule id'))
      .lean()
      .exec();
    if (!rule) throw new NotFoundError('Points rule', ruleId);
    const groups = LedgerEntryModel.aggregate<{
      _id: { person: string; subjectKey: string | null };
      points: number;
      credits: number;
      first: LedgerEntry;
    }>([
      { $match: { rule: rule._id } },
      { $sort: { _id: 1 } },
      {
        $group: {
          _id: { person: '$person', subjectKey: '$subjectKey' },
          points: { $sum: '$points' },
          credits: { $sum: { $cond: [{ $eq: ['$kind', EntryKind.RULE] }, 1, 0] } },
          first: { $first: '$$ROOT' },
        },
      },
    ]).cursor();
    let corrections = 0;
    let points = 0;
    for await (const group of groups) {
      const difference = (rule.active ? group.credits * rule.points : 0) - group.points;
      if (difference === 0) continue;
      const entry = await this.events.withTransaction((session) =>
        this.ledger.credit(session, {
          person: group._id.person,
          points: difference,
          kind: EntryKind.CORRECTION,
          activity: rule.eventType,
          reason: `Correction: '${rule.name}' now gives ${rule.active ? rule.points : 0} points`,
          rule,
          subject: group.first.subject,
          sourceEventId: `recompute:${rule._id.toHexString()}:v${rule.version}:${group.first._id.toHexString()}`,
          occurredAt: this.now(),
        }),
      );
      if (!entry) continue;
      corrections += 1;
      points += difference;
    }
    this.logger.info(
      { ruleId, version: rule.version, corrections, points },
      'points recomputed for a changed rule',
    );
    return { corrections, points };
  }
}
