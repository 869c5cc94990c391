import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { engagementDb } from '../db';

/**
 * A local day on which a person had a ledger entry, taken in their zone at
 * the time: a later change of zone leaves the days already counted as they were.
 */
@index({ person: 1, day: -1 })
@modelOptions({ schemaOptions: { collection: 'active_days' } })
export class ActiveDay {
  /** `<person>:<day>`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true })
  person!: string;

  /** ISO date, e.g. `2026-03-29`. */
  @prop({ required: true })
  day!: string;
}

export const ActiveDayModel = getModelForClass(ActiveDay, { existingConnection: engagementDb });
