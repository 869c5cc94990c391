import { NotFoundError } from '@weace/service-kit';
import { engagementDb } from '../db';
import { TotalModel, totalId } from '../ledger/total.model';
import { ParticipantModel } from '../people/participant.model';
import { loadSettings } from '../settings/settings.service';
import { type Period, periodKeys } from '../time/calendar';
import type { LeaderboardProjection } from './leaderboard-projection';

export interface BoardEntry {
  readonly rank: number;
  readonly person: string;
  readonly points: number;
}

export interface Board {
  readonly entries: readonly BoardEntry[];
  /** The caller's rank; null when they are not on this board. */
  readonly myRank: number | null;
  /** True when the department has fewer people than the privacy threshold: nothing is shown. */
  readonly withheld: boolean;
}

export interface BoardQuery {
  readonly period: Period;
  readonly department?: string | null;
  readonly first: number;
}

/** Ranks `rows` (ordered by points desc, then name) as competition ranks: 1, 2, 2, 4. */
function ranked(rows: readonly { person: string; points: number }[]): BoardEntry[] {
  let rank = 0;
  return rows.map((row, i) => {
    if (i === 0 || row.points !== rows[i - 1]!.points) rank = i + 1;
    return { rank, person: row.person, points: row.points };
  });
}

/**
 * Boards rank points earned inside the period (organisation zone, weeks from
 * its first day), ties sharing a rank and listed by name. People who opted out
 * are not on them; a department board with fewer people than the privacy
 * threshold is withheld. Reads are one ordered index scan and one count
 * (`myRank` = 1 + people with more points), from Redis when it is configured.
 */
export class LeaderboardService {
  constructor(
    private readonly projection: LeaderboardProjection | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async board(me: string, { period, department, first }: BoardQuery): Promise<Board> {
    const settings = await loadSettings();
    const key = periodKeys(this.now(), settings.timeZone, settings.firstDayOfWeek)[period];
    if (department != null) {
      const members = await ParticipantModel.countDocuments({
        department,
        deleted: false,
        optedOut: false,
      }).exec();
      if (members < settings.privacyThreshold) return { entries: [], myRank: null, withheld: true };
    }
    const filter = {
      period: key,
      optedOut: false,
      ...(department != null && { department }),
    };
    const mine = await TotalModel.findById(totalId(key, me)).lean().exec();
    const onBoard =
      !!mine && !mine.optedOut && (department == null || mine.department === department);
    if (this.projection && department == null) {
      return this.fromRedis(this.projection, key, me, onBoard, first);
    }
    const [top, above] = await Promise.all([
      TotalModel.find(filter, { person: 1, points: 1 })
        .sort({ points: -1, name: 1, person: 1 })
        .limit(first)
        .lean()
        .exec(),
      onBoard
        ? TotalModel.countDocuments({ ...filter, points: { $gt: mine.points } }).exec()
        : null,
    ]);
    return { entries: ranked(top), myRank: above === null ? null : above + 1, withheld: false };
  }

  /**
   * The top `first` from the sorted set; the people tied with the last of
   * them are read too, so ties are ordered by name as in the database.
   */
  private async fromRedis(
    projection: LeaderboardProjection,
    key: string,
    me: string,
    onBoard: boolean,
    first: number,
  ): Promise<Board> {
    const { redis } = projection;
    const board = projection.key(key);
    const top = await redis.zRangeWithScores(board, 0, first - 1, { REV: true });
    const last = top.at(-1);
    const tied = last ? await redis.zRangeByScore(board, last.score, last.score) : [];
    const people = [...new Set([...top.map((row) => row.value), ...tied])];
    const names = new Map(
      (
        await ParticipantModel.find({ _id: { $in: people } }, { name: 1 })
          .lean()
          .exec()
      ).map((p) => [p._id, p.name]),
    );
    const scores = new Map(top.map((row) => [row.value, row.score]));
    for (const person of tied) scores.set(person, last!.score);
    const rows = people
      .map((person) => ({ person, points: scores.get(person)!, name: names.get(person) ?? '' }))
      .sort(
        (a, b) =>
          b.points - a.points || a.name.localeCompare(b.name) || a.person.localeCompare(b.person),
      )
      .slice(0, first);
    let myRank: number | null = null;
    if (onBoard) {
      const score = await redis.zScore(board, me);
      if (score !== null) myRank = (await redis.zCount(board, `(${score}`, '+inf')) + 1;
    }
    return { entries: ranked(rows), myRank, withheld: false };
  }

  /** Leaves or rejoins the boards; the caller's totals follow in the same transaction. */
  async setOptOut(me: string, optOut: boolean): Promise<boolean> {
    await engagementDb.transaction(async (session) => {
      const participant = await ParticipantModel.findOneAndUpdate(
        { _id: me },
        { $set: { optedOut: optOut } },
        { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true, session },
      )
        .lean()
        .exec();
      if (participant!.deleted) throw new NotFoundError('User', me);
      await TotalModel.updateMany(
        { person: me },
        { $set: { optedOut: optOut } },
        { session },
      ).exec();
    });
    await this.projection?.project(me);
    return optOut;
  }
}
