import { BadUserInputError } from '@weace/service-kit';
import { DateTime } from 'luxon';
import type { AvailabilityInput, TimeRangeInput } from './availability.inputs';
import { isKnownTimeZone, minutesOf } from './availability';

/** Ranges of one day: each start before its end, none overlapping another. */
function checkDay(ranges: readonly TimeRangeInput[], field: string): void {
  const sorted = [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
  sorted.forEach((range, i) => {
    if (minutesOf(range.end) <= minutesOf(range.start)) {
      throw new BadUserInputError(`${range.start}–${range.end} ends before it starts`, field);
    }
    const next = sorted[i + 1];
    if (next && minutesOf(next.start) < minutesOf(range.end)) {
      throw new BadUserInputError(`${range.start}–${range.end} overlaps ${next.start}`, field);
    }
  });
}

/** The availability's rules the input types cannot state; BAD_USER_INPUT naming the field. */
export function checkAvailability(input: AvailabilityInput): void {
  if (!isKnownTimeZone(input.timeZone)) {
    throw new BadUserInputError(`${input.timeZone} is not an IANA time zone`, 'timeZone');
  }
  const days = new Set(input.weekly.map((hours) => hours.day));
  for (const day of days) {
    checkDay(
      input.weekly.filter((hours) => hours.day === day),
      'weekly',
    );
  }
  const dates = new Set<string>();
  for (const override of input.overrides) {
    if (!DateTime.fromISO(override.date).isValid) {
      throw new BadUserInputError(`${override.date} is not a date`, 'overrides');
    }
    if (dates.has(override.date)) {
      throw new BadUserInputError(`${override.date} is overridden twice`, 'overrides');
    }
    dates.add(override.date);
    checkDay(override.ranges, 'overrides');
  }
}
