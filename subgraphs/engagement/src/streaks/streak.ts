import { addDays, weekdayOf } from '../time/calendar';

export interface Streaks {
  readonly current: number;
  readonly longest: number;
}

function isWeekend(day: string): boolean {
  return weekdayOf(day) >= 6;
}

/** The active day before `day` that keeps a streak going: yesterday, or Friday when weekends are skipped. */
function previousCounted(day: string, skipWeekends: boolean): string {
  let previous = addDays(day, -1);
  while (skipWeekends && isWeekend(previous)) previous = addDays(previous, -1);
  return previous;
}

/**
 * Current and longest runs of consecutive active days. `days` are local ISO
 * dates (any order, unique); `today` is today in the person's zone. The
 * current streak is still alive when its last day is today or the counted
 * day before. With `skipWeekends`, Saturdays and Sundays neither break a run
 * nor count in it.
 */
export function streaksOf(days: readonly string[], today: string, skipWeekends: boolean): Streaks {
  const counted = [...new Set(days)].filter((day) => !(skipWeekends && isWeekend(day))).sort();
  let longest = 0;
  let run = 0;
  let last: string | undefined;
  for (const day of counted) {
    run = last !== undefined && previousCounted(day, skipWeekends) === last ? run + 1 : 1;
    longest = Math.max(longest, run);
    last = day;
  }
  // On a skipped weekend day, the run lives if it reached Friday; otherwise today or the day before.
  const alive =
    skipWeekends && isWeekend(today)
      ? last === previousCounted(today, true)
      : last === today || last === previousCounted(today, skipWeekends);
  return { current: alive ? run : 0, longest };
}
