/**
 * Wall-clock arithmetic in IANA zones with Intl alone: quiet hours and the
 * digest hour are local times, and they must land right on DST change days.
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: Date, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** Minutes past local midnight of `instant` in `timeZone`. */
export function localMinutes(instant: Date, timeZone: string): number {
  const { hour, minute } = partsIn(instant, timeZone);
  return hour * 60 + minute;
}

/** `HH:MM` as minutes past midnight. */
export function parseClock(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours! * 60 + minutes!;
}

/** The zone's offset from UTC at `instant`, in ms. */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsIn(new Date(instant), timeZone);
  const seconds = new Date(instant).getUTCSeconds() * 1000 + new Date(instant).getUTCMilliseconds();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) + seconds - instant;
}

/**
 * The instant the local clock in `timeZone` shows `minutes` past midnight on
 * the local date `days` days after that of `from`. A time skipped by a DST
 * change (02:30 on a spring-forward day) becomes the same time after the gap (03:30), as
 * Temporal's "compatible" disambiguation does.
 */
function instantAtLocal(from: Date, days: number, minutes: number, timeZone: string): Date {
  const p = partsIn(from, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day + days, 0, minutes);
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  const shown = partsIn(new Date(guess), timeZone);
  const shownWall = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
  // In a gap the clock jumps past the wall time: move forward by what it skipped.
  return new Date(shownWall < wall ? guess + (wall - shownWall) : guess);
}

/** The first instant at or after `from` whose local time in `timeZone` is `minutes` past midnight. */
export function nextLocalTime(from: Date, minutes: number, timeZone: string): Date {
  for (let days = 0; days < 3; days += 1) {
    const candidate = instantAtLocal(from, days, minutes, timeZone);
    if (candidate.getTime() >= from.getTime()) return candidate;
  }
  throw new Error('unreachable: a local time recurs within three days');
}

/** Whether `instant` falls in the quiet hours [start, end) (which may span midnight). */
export function inQuietHours(instant: Date, start: string, end: string, timeZone: string): boolean {
  const now = localMinutes(instant, timeZone);
  const from = parseClock(start);
  const to = parseClock(end);
  if (from === to) return false;
  return from < to ? now >= from && now < to : now >= from || now < to;
}
