import { type ServiceContext, defineLoader } from '@weace/service-kit';
import { BadgeAwardModel, BadgeModel } from '../badges/badge.model';
import { levelOf } from '../levels/levels';
import { TotalModel, totalId } from '../ledger/total.model';
import { ParticipantModel } from '../people/participant.model';
import { loadSettings } from '../settings/settings.service';
import { ActiveDayModel } from '../streaks/active-day.model';
import { streaksOf } from '../streaks/streak';
import { ALL_TIME_KEY, localDay } from '../time/calendar';
import type { Engagement } from './engagement.types';

/** Group `rows` by `person`. */
function byPerson<T extends { person: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(row.person, [...(groups.get(row.person) ?? []), row]);
  return groups;
}

/**
 * People's engagement in batches: a list of 50 people costs the same six
 * queries as one (settings, totals, participants, active days, awards, badges).
 */
export class EngagementService {
  private readonly loader = defineLoader<string, Engagement, ServiceContext>({
    name: 'engagement',
    batch: (people) => this.load(people),
  });

  constructor(private readonly now: () => Date = () => new Date()) {}

  of(person: string, context: ServiceContext): Promise<Engagement> {
    return context.loaders.get(this.loader).load(person);
  }

  private async load(people: readonly string[]): Promise<Engagement[]> {
    const [settings, totals, participants, days, awards] = await Promise.all([
      loadSettings(),
      TotalModel.find({ _id: { $in: people.map((p) => totalId(ALL_TIME_KEY, p)) } })
        .lean()
        .exec(),
      ParticipantModel.find({ _id: { $in: people } }, { timeZone: 1 })
        .lean()
        .exec(),
      ActiveDayModel.find({ person: { $in: people } }, { person: 1, day: 1 })
        .lean()
        .exec(),
      BadgeAwardModel.find({ person: { $in: people } })
        .sort({ awardedAt: 1 })
        .lean()
        .exec(),
    ]);
    const badges = await BadgeModel.find({ _id: { $in: awards.map((a) => a.badge) } })
      .lean()
      .exec();
    const points = new Map(totals.map((total) => [total.person, total.points]));
    const zones = new Map(participants.map((p) => [p._id, p.timeZone ?? settings.timeZone]));
    const daysOf = byPerson(days);
    const awardsOf = byPerson(awards);
    const badgeById = new Map(badges.map((badge) => [badge._id.toHexString(), badge]));
    return people.map((person) => {
      const total = points.get(person) ?? 0;
      const today = localDay(this.now(), zones.get(person) ?? settings.timeZone);
      const streaks = streaksOf(
        (daysOf.get(person) ?? []).map(({ day }) => day),
        today,
        settings.streaksSkipWeekends,
      );
      return {
        points: total,
        level: levelOf(settings.levels, total),
        currentStreak: streaks.current,
        longestStreak: streaks.longest,
        badges: (awardsOf.get(person) ?? []).flatMap((award) => {
          const badge = badgeById.get(award.badge.toHexString());
          return badge
            ? [
                {
                  id: badge._id.toHexString(),
                  name: badge.name,
                  description: badge.description,
                  awardedAt: award.awardedAt,
                  period: award.period === 'ONCE' ? null : award.period,
                },
              ]
            : [];
        }),
      };
    });
  }
}
