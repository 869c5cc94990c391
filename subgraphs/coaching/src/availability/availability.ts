import { DateTime } from 'luxon';
import {
  type DateOverride,
  type TimeRange,
  WEEKDAYS,
  type WeeklyHours,
} from './availability.model';

/** When a coach can be booked: weekly wall-clock hours in their IANA zone, and dated exceptions. */
export interface Availability {
  readonly timeZone: string;
  readonly weekly: readonly WeeklyHours[];
  readonly overrides: readonly DateOverride[];
}

/** A span of time in UTC, end exclusive. */
export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

/** The grid and length of the slots looked for. */
export interface SlotShape {
  readonly durationMinutes: number;
  readonly slotIntervalMinutes: number;
}

export const MINUTES = 60_000;

/** Minutes since midnight of an `HH:mm` (`24:00` is 1440). */
export function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/**
 * A wall-clock time on a local date, with that date's own offset; a time in
 * a spring-forward gap comes out where the clock resumes, and an hour
 * repeated at fall-back is taken once.
 */
function atWallClock(day: DateTime, minuteOfDay: number): DateTime {
  const at = day.plus({ days: Math.floor(minuteOfDay / 1440) });
  const minute = minuteOfDay % 1440;
  return DateTime.fromObject(
    {
      year: at.year,
      month: at.month,
      day: at.day,
      hour: Math.floor(minute / 60),
      minute: minute % 60,
    },
    { zone: day.zone },
  );
}

/** The instant of a wall-clock time on a local date; null when that time does not exist there (a gap). */
export function wallClockInstant(day: DateTime, minuteOfDay: number): DateTime | null {
  const local = atWallClock(day, minuteOfDay);
  return local.hour * 60 + local.minute === minuteOfDay % 1440 ? local : null;
}

/** The hours of one local date: its override when there is one (empty: away), else the weekday's. */
export function rangesOn(availability: Availability, day: DateTime): readonly TimeRange[] {
  const date = day.toISODate();
  const override = availability.overrides.find((o) => o.date === date);
  if (override) return override.ranges;
  const weekday = WEEKDAYS[day.weekday - 1];
  return availability.weekly.filter((range) => range.day === weekday);
}

/** The available intervals between `from` and `to`, each date converted with its own offset. */
export function availableIntervals(availability: Availability, from: Date, to: Date): Interval[] {
  return eachLocalDay(availability.timeZone, from, to).flatMap((day) =>
    rangesOn(availability, day).flatMap((range) => {
      const start = atWallClock(day, minutesOf(range.start)).toJSDate();
      const end = atWallClock(day, minutesOf(range.end)).toJSDate();
      return end > from && start < to ? [{ start, end }] : [];
    }),
  );
}

/**
 * Every slot start on the grid: every `slotIntervalMinutes` of wall-clock
 * time from the start of each available range, kept when the whole slot fits
 * in the range and it starts in [from, to). Wall-clock steps keep a 09:00
 * slot at 09:00 across DST changes; times in a spring-forward gap are left
 * out, and a fall-back hour is offered once.
 */
export function gridSlots(
  availability: Availability,
  shape: SlotShape,
  from: Date,
  to: Date,
): Interval[] {
  const slots: Interval[] = [];
  for (const day of eachLocalDay(availability.timeZone, from, to)) {
    for (const range of rangesOn(availability, day)) {
      const last = minutesOf(range.end);
      const end = atWallClock(day, last).toMillis();
      for (let m = minutesOf(range.start); m < last; m += shape.slotIntervalMinutes) {
        const start = wallClockInstant(day, m);
        if (!start) continue;
        const slotEnd = start.toMillis() + shape.durationMinutes * MINUTES;
        if (slotEnd > end) break;
        const startsAt = start.toJSDate();
        if (startsAt >= from && startsAt < to) {
          slots.push({ start: startsAt, end: new Date(slotEnd) });
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The local dates in `zone` that [from, to) touches, with the day before for ranges ending after midnight. */
function eachLocalDay(zone: string, from: Date, to: Date): DateTime[] {
  const days: DateTime[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day').minus({ days: 1 });
  const last = DateTime.fromJSDate(to, { zone }).startOf('day');
  while (day <= last) {
    days.push(day);
    day = day.plus({ days: 1 });
  }
  return days;
}

/** The local date (`YYYY-MM-DD`) and ISO week (`YYYY-Www`) of an instant in `zone`: where limits count. */
export function localDayAndWeek(instant: Date, zone: string): { day: string; week: string } {
  const local = DateTime.fromJSDate(instant, { zone });
  return {
    day: local.toISODate()!,
    week: `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
  };
}

/** Whether `zone` is an IANA time zone Luxon (and so the platform's ICU) knows. */
export function isKnownTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
