import { DateTime, Info } from 'luxon';

/**
 * Calendar arithmetic in IANA zones. Days are ISO dates (`2026-03-29`) taken
 * in a zone; counting and stepping them is plain date arithmetic, so a day of
 * 23 or 25 hours (a DST change) is still one day.
 */

/** True when `zone` is an IANA zone name Luxon knows (`Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  return Info.isValidIANAZone(zone);
}

/** The local date of `at` in `zone`. */
export function localDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** `[start, end)` of the local `day` in `zone`, as instants. */
export function dayBounds(day: string, zone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(day, { zone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

/** `day` moved by `days` (negative: back). */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function weekdayOf(day: string): number {
  return DateTime.fromISO(day, { zone: 'UTC' }).weekday;
}

/** The first day of the week holding `day`, weeks starting on ISO weekday `firstDay`. */
export function weekStartOf(day: string, firstDay: number): string {
  return addDays(day, -((weekdayOf(day) - firstDay + 7) % 7));
}

/** A period a total is kept for: all time, one week, one month (in the organisation's zone). */
export enum Period {
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  ALL_TIME = 'ALL_TIME',
}

export const ALL_TIME_KEY = 'ALL';

/**
 * The keys of the three periods `at` falls in: `ALL`, `W<first day>` and
 * `M<yyyy-mm>`, with weeks starting on `firstDay` in `zone`.
 */
export function periodKeys(at: Date, zone: string, firstDay: number): Record<Period, string> {
  const day = localDay(at, zone);
  return {
    [Period.ALL_TIME]: ALL_TIME_KEY,
    [Period.WEEK]: `W${weekStartOf(day, firstDay)}`,
    [Period.MONTH]: `M${day.slice(0, 7)}`,
  };
}

/** `[start, end)` of the week or month holding `at`, in `zone`, as instants. */
export function periodBounds(
  at: Date,
  period: Period.WEEK | Period.MONTH,
  zone: string,
  firstDay: number,
): { start: Date; end: Date } {
  const day = localDay(at, zone);
  const first = period === Period.WEEK ? weekStartOf(day, firstDay) : `${day.slice(0, 7)}-01`;
  const next =
    period === Period.WEEK
      ? addDays(first, 7)
      : DateTime.fromISO(first, { zone: 'UTC' }).plus({ months: 1 }).toISODate()!;
  return { start: dayBounds(first, zone).start, end: dayBounds(next, zone).start };
}
