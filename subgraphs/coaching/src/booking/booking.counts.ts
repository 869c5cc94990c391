import { localDayAndWeek } from '../availability/availability';
import type { SessionType } from '../session-type/session-type.model';

/** One count a booking raises: sessions of a type on one local day, or in one ISO week. */
export interface CountKey {
  readonly key: string;
  /** The type's limit for it; null: counted, not limited. */
  readonly max: number | null;
}

/** The per-day and per-week counts of a session of `type` at `startsAt`, in the coach's zone. */
export function countKeys(
  type: Pick<SessionType, 'maxPerDay' | 'maxPerWeek'> & { readonly id: string },
  startsAt: Date,
  timeZone: string,
): CountKey[] {
  const { day, week } = localDayAndWeek(startsAt, timeZone);
  return [
    { key: `${type.id}:${day}`, max: type.maxPerDay },
    { key: `${type.id}:${week}`, max: type.maxPerWeek },
  ];
}
