import type { EventBus } from '@weace/events';
import type { Logger } from '@weace/service-kit';
import type { RedisClientType } from '@redis/client';
import { TotalModel, totalId } from '../ledger/total.model';
import { loadSettings } from '../settings/settings.service';
import { ALL_TIME_KEY, periodKeys } from '../time/calendar';

/** Week and month boards outlive their period by this much, then Redis drops them. */
const PERIOD_BOARD_TTL_SECONDS = 45 * 24 * 3600;

/**
 * Leaderboards as Redis sorted sets, one per period key (organisation-wide;
 * department boards are read from the database). Every write is an absolute
 * total read from the committed totals, never an increment, so replaying or
 * crashing between the ledger and Redis cannot make them drift.
 */
export class LeaderboardProjection {
  constructor(
    readonly redis: RedisClientType,
    private readonly prefix: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  key(period: string): string {
    return `${this.prefix}engagement:board:${period}`;
  }

  /** The current period keys (organisation zone). */
  private async currentPeriods(): Promise<string[]> {
    const settings = await loadSettings();
    return Object.values(periodKeys(this.now(), settings.timeZone, settings.firstDayOfWeek));
  }

  private expiring(period: string): boolean {
    return period !== ALL_TIME_KEY;
  }

  /** Writes a person's committed totals of the current periods (or removes them). */
  async project(person: string): Promise<void> {
    const periods = await this.currentPeriods();
    const totals = await TotalModel.find({ _id: { $in: periods.map((p) => totalId(p, person)) } })
      .lean()
      .exec();
    const byPeriod = new Map(totals.map((total) => [total.period, total]));
    const multi = this.redis.multi();
    for (const period of periods) {
      const total = byPeriod.get(period);
      if (total && !total.optedOut) {
        multi.zAdd(this.key(period), { score: total.points, value: person });
      } else {
        multi.zRem(this.key(period), person);
      }
      if (this.expiring(period)) multi.expire(this.key(period), PERIOD_BOARD_TTL_SECONDS);
    }
    await multi.exec();
  }

  /** Takes a person off every current board (deleted). */
  async remove(person: string): Promise<void> {
    const periods = await this.currentPeriods();
    await Promise.all(periods.map((period) => this.redis.zRem(this.key(period), person)));
  }

  /** Builds each current board from the totals when Redis does not have it (a fresh or flushed Redis). */
  async rebuildMissing(): Promise<void> {
    for (const period of await this.currentPeriods()) {
      if (await this.redis.exists(this.key(period))) continue;
      let batch: { score: number; value: string }[] = [];
      let people = 0;
      const flush = async () => {
        if (batch.length) await this.redis.zAdd(this.key(period), batch);
        people += batch.length;
        batch = [];
      };
      const totals = TotalModel.find({ period, optedOut: false }, { person: 1, points: 1 })
        .lean()
        .cursor();
      for await (const total of totals) {
        batch.push({ score: total.points, value: total.person });
        if (batch.length >= 1000) await flush();
      }
      await flush();
      if (people > 0 && this.expiring(period)) {
        await this.redis.expire(this.key(period), PERIOD_BOARD_TTL_SECONDS);
      }
      this.logger.info({ period, people }, 'leaderboard projection rebuilt');
    }
  }
}

/** Keeps the projection up to date from engagement's own `points.awarded` and `user.deleted`. */
export function subscribeProjection(events: EventBus, projection: LeaderboardProjection): void {
  events.subscribe('leaderboard-projection', ['points.awarded', 'user.deleted'], async (event) => {
    if (event.type === 'user.deleted') await projection.remove(event.payload.userId);
    else await projection.project(event.payload.userId);
  });
}
