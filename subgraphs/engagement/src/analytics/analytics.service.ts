import { BadUserInputError } from '@weace/service-kit';
import { FeedbackModel } from '../feedback/feedback.model';
import { ParticipantModel } from '../people/participant.model';
import { loadSettings } from '../settings/settings.service';
import { addDays, dayBounds, localDay, weekStartOf } from '../time/calendar';
import { ActivityFactModel, ActivityModel, FactKind } from './activity.model';
import {
  type AnalyticsArgs,
  type AnalyticsBucket,
  type EngagementAnalytics,
  GroupBy,
} from './analytics.types';

const MAX_BUCKETS = 400;

/** One person's part in a figure. */
interface Row {
  readonly person: string;
  readonly department: string | null;
  readonly day: string;
  readonly score?: number;
}

/**
 * Figures about groups of people, each shown only when at least `threshold`
 * people are behind it. For a department, the rest of the organisation must
 * pass too (or be empty): otherwise the organisation's figure minus the
 * department's would reveal those few people.
 */
class Suppression {
  constructor(
    private readonly department: string | null | undefined,
    private readonly threshold: number,
  ) {}

  private inGroup(row: Row): boolean {
    return this.department == null || row.department === this.department;
  }

  figure(rows: readonly Row[], reduce: (rows: readonly Row[]) => number | null): number | null {
    const mine = rows.filter((row) => this.inGroup(row));
    if (new Set(mine.map((row) => row.person)).size < this.threshold) return null;
    if (this.department != null) {
      const rest = new Set(rows.filter((row) => !this.inGroup(row)).map((row) => row.person)).size;
      if (rest > 0 && rest < this.threshold) return null;
    }
    return reduce(mine);
  }
}

const distinctPeople = (rows: readonly Row[]) => new Set(rows.map((row) => row.person)).size;

function nps(rows: readonly Row[]): number {
  const promoters = rows.filter((row) => row.score! >= 9).length;
  const detractors = rows.filter((row) => row.score! <= 6).length;
  return Math.round(((promoters - detractors) / rows.length) * 1000) / 10;
}

/** ADMIN reports: activity, completions, sessions, check-ins, NPS and a signup cohort. */
export class AnalyticsService {
  async report({ from, to, groupBy, department }: AnalyticsArgs): Promise<EngagementAnalytics> {
    if (!(from < to)) throw new BadUserInputError('`from` must be before `to`', 'to');
    const settings = await loadSettings();
    const zone = settings.timeZone;
    const firstDay = localDay(from, zone);
    const lastDay = localDay(new Date(to.getTime() - 1), zone);
    const starts: string[] = [];
    let start =
      groupBy === GroupBy.WEEK ? weekStartOf(firstDay, settings.firstDayOfWeek) : firstDay;
    while (start <= lastDay) {
      starts.push(start);
      start = addDays(start, groupBy === GroupBy.WEEK ? 7 : 1);
      if (starts.length > MAX_BUCKETS) {
        throw new BadUserInputError(`At most ${MAX_BUCKETS} buckets: shorten the range`, 'to');
      }
    }
    const end = start; // the day after the last bucket
    const windowFrom = [starts[0]!, addDays(lastDay, -29)].sort()[0]!;
    const suppress = new Suppression(department, settings.privacyThreshold);

    const [activity, facts, feedback, cohort] = await Promise.all([
      ActivityModel.find({ day: { $gte: windowFrom, $lt: end } })
        .lean()
        .exec(),
      ActivityFactModel.find({ day: { $gte: starts[0]!, $lt: end } })
        .lean()
        .exec(),
      FeedbackModel.find(
        {
          updatedAt: {
            $gte: dayBounds(starts[0]!, zone).start,
            $lt: dayBounds(end, zone).start,
          },
        },
        { person: 1, score: 1, updatedAt: 1 },
      )
        .lean()
        .exec(),
      ParticipantModel.find(
        {
          deleted: false,
          registeredAt: {
            $gte: dayBounds(starts[0]!, zone).start,
            $lt: dayBounds(starts[1] ?? end, zone).start,
          },
        },
        { department: 1 },
      )
        .lean()
        .exec(),
    ]);
    const departments = new Map(
      (
        await ParticipantModel.find(
          { _id: { $in: [...new Set(feedback.map((f) => f.person))] } },
          { department: 1 },
        )
          .lean()
          .exec()
      ).map((p) => [p._id, p.department]),
    );
    const feedbackRows: Row[] = feedback.map((f) => ({
      person: f.person,
      department: departments.get(f.person) ?? null,
      day: localDay(f.updatedAt, zone),
      score: f.score,
    }));
    const bucketOf = (day: string) => starts.findLast((first) => first <= day) ?? starts[0]!;
    const within = <T extends Row>(rows: readonly T[], first: string) =>
      rows.filter((row) => row.day >= first && bucketOf(row.day) === first);

    const buckets: AnalyticsBucket[] = starts.map((first) => {
      const countOf = (kind: FactKind) =>
        suppress.figure(
          within(facts, first).filter((fact) => fact.kind === kind),
          (rows) => rows.length,
        );
      return {
        start: first,
        activeUsers: suppress.figure(within(activity, first), distinctPeople),
        completions: countOf(FactKind.COMPLETION),
        sessions: countOf(FactKind.SESSION),
        checkIns: countOf(FactKind.CHECK_IN),
        nps: suppress.figure(within(feedbackRows, first), nps),
      };
    });

    const activeSince = (days: number) =>
      suppress.figure(
        activity.filter((row) => row.day > addDays(lastDay, -days) && row.day <= lastDay),
        distinctPeople,
      );
    const cohortRows: Row[] = cohort.map((p) => ({
      person: p._id,
      department: p.department,
      day: starts[0]!,
    }));
    const size = suppress.figure(cohortRows, distinctPeople);
    const members = new Set(
      cohortRows
        .filter((row) => department == null || row.department === department)
        .map((row) => row.person),
    );
    return {
      dau: activeSince(1),
      wau: activeSince(7),
      mau: activeSince(30),
      buckets,
      cohort: {
        size,
        retention:
          size === null
            ? null
            : starts.map(
                (first) =>
                  new Set(
                    within(activity, first)
                      .filter((row) => members.has(row.person))
                      .map((row) => row.person),
                  ).size / size,
              ),
      },
    };
  }
}
