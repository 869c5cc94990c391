import type { ClientSession } from 'mongoose';
import type { Settings } from '../settings/settings.model';
import { localDay } from '../time/calendar';
import { ActiveDayModel } from './active-day.model';
import { type Streaks, streaksOf } from './streak';

/** A person's streaks as of `now`, today taken in their current zone. */
export async function streakOf(
  person: string,
  zone: string,
  settings: Pick<Settings, 'streaksSkipWeekends'>,
  now: Date,
  session?: ClientSession,
): Promise<Streaks> {
  const days = await ActiveDayModel.find({ person }, { day: 1 })
    .session(session ?? null)
    .lean()
    .exec();
  return streaksOf(
    days.map(({ day }) => day),
    localDay(now, zone),
    settings.streaksSkipWeekends,
  );
}
