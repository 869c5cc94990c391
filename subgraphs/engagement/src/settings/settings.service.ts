import { BadUserInputError } from '@weace/service-kit';
import type { ClientSession } from 'mongoose';
import { isTimeZone } from '../time/calendar';
import type { UpdateEngagementSettingsInput } from './settings.inputs';
import { ORGANISATION, type Settings, SettingsModel } from './settings.model';

/** The organisation's settings, or the defaults while none were saved. */
export async function loadSettings(session?: ClientSession): Promise<Settings> {
  const stored = await SettingsModel.findById(ORGANISATION)
    .session(session ?? null)
    .lean()
    .exec();
  return stored ?? (new SettingsModel({ _id: ORGANISATION }).toObject() as Settings);
}

function checkLevels(levels: UpdateEngagementSettingsInput['levels']): void {
  if (!levels) return;
  if (levels[0]!.threshold !== 0) {
    throw new BadUserInputError('The first level starts at 0 points', 'levels');
  }
  if (levels.some((level, i) => i > 0 && level.threshold <= levels[i - 1]!.threshold)) {
    throw new BadUserInputError('Level thresholds must rise strictly', 'levels');
  }
}

/** ADMIN: changes only the fields given. Periods already counted keep their boundaries. */
export async function updateSettings(input: UpdateEngagementSettingsInput): Promise<Settings> {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw new BadUserInputError(`Unknown time zone "${input.timeZone}"`, 'timeZone');
  }
  checkLevels(input.levels);
  const changes = Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined && value !== null),
  );
  const updated = await SettingsModel.findOneAndUpdate(
    { _id: ORGANISATION },
    { $set: changes },
    { upsert: true, returnDocument: 'after', setDefaultsOnInsert: true },
  )
    .lean()
    .exec();
  return updated!;
}
