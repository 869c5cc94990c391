import { DateTime } from 'luxon';
import { RRule, type Weekday } from 'rrule';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY';
export type WeekdayCode = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** The part of RFC 5545's RRULE a series may use; `count` or `until`, not both. */
export interface Recurrence {
  readonly freq: Frequency;
  readonly interval: number;
  readonly byDay: readonly WeekdayCode[];
  readonly count: number | null;
  readonly until: Date | null;
}

/** At most this many occurrences, and none later than two years after the first. */
export const MAX_OCCURRENCES = 100;
export const MAX_SPAN_YEARS = 2;

export interface Occurrence {
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Its local date in the series' zone, `YYYY-MM-DD` (what excluded dates name). */
  readonly localDate: string;
}

const FREQUENCIES = { DAILY: RRule.DAILY, WEEKLY: RRule.WEEKLY, MONTHLY: RRule.MONTHLY };
const WEEKDAYS: Record<WeekdayCode, Weekday> = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
};

/** A zoned wall time as rrule's "floating" date: the same fields, read as UTC. */
function floating(local: DateTime): Date {
  return new Date(
    Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second),
  );
}

function fromFloating(date: Date, zone: string): DateTime {
  return DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    },
    { zone },
  );
}

/**
 * The occurrences of a series, expanded in its own time zone: each keeps the
 * first one's local time of day and length across daylight-saving changes
 * (09:00 in Paris stays 09:00, so its UTC time moves). rrule computes the
 * dates on floating (zone-less) times; Luxon places each in the zone.
 * Excluded local dates are left out, as RFC 5545's EXDATE does (they still
 * count towards COUNT). Bounded by {@link MAX_OCCURRENCES} and {@link MAX_SPAN_YEARS}.
 */
export function expandRecurrence(
  first: { startsAt: Date; endsAt: Date },
  timeZone: string,
  recurrence: Recurrence,
  excludedDates: readonly string[] = [],
): Occurrence[] {
  const start = DateTime.fromJSDate(first.startsAt, { zone: timeZone });
  const end = DateTime.fromJSDate(first.endsAt, { zone: timeZone });
  const length = end.diff(start, ['days', 'hours', 'minutes', 'seconds']);
  const rule = new RRule({
    freq: FREQUENCIES[recurrence.freq],
    interval: recurrence.interval,
    dtstart: floating(start),
    ...(recurrence.byDay.length > 0 && {
      byweekday: recurrence.byDay.map((day) => WEEKDAYS[day]),
    }),
    ...(recurrence.count !== null && { count: recurrence.count }),
    ...(recurrence.until && {
      until: floating(DateTime.fromJSDate(recurrence.until, { zone: timeZone })),
    }),
  });
  const horizon = floating(start.plus({ years: MAX_SPAN_YEARS }));
  const excluded = new Set(excludedDates);
  const occurrences: Occurrence[] = [];
  rule.all((date, i) => {
    if (i >= MAX_OCCURRENCES || date >= horizon) return false;
    const local = fromFloating(date, timeZone);
    const localDate = local.toISODate()!;
    if (!excluded.has(localDate)) {
      occurrences.push({
        startsAt: local.toJSDate(),
        endsAt: local.plus(length).toJSDate(),
        localDate,
      });
    }
    return true;
  });
  return occurrences;
}

/** The rule as RFC 5545 writes it, e.g. `FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;COUNT=10`. */
export function ruleText(recurrence: Recurrence): string {
  return [
    `FREQ=${recurrence.freq}`,
    `INTERVAL=${recurrence.interval}`,
    ...(recurrence.byDay.length ? [`BYDAY=${recurrence.byDay.join(',')}`] : []),
    ...(recurrence.count !== null ? [`COUNT=${recurrence.count}`] : []),
    ...(recurrence.until
      ? [
          `UNTIL=${recurrence.until
            .toISOString()
            .replace(/[-:]/g, '')
            .replace(/\.\d{3}/, '')}`,
        ]
      : []),
  ].join(';');
}
