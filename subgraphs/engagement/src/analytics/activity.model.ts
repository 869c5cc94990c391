import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { engagementDb } from '../db';

/**
 * A person active on a day of the organisation's zone: a ledger entry or a
 * sign-in. The department is the person's at the time, so a report does not
 * move people between departments after the fact.
 */
@index({ day: 1 })
@index({ person: 1 })
@modelOptions({ schemaOptions: { collection: 'activity' } })
export class Activity {
  /** `<person>:<day>`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true })
  person!: string;

  @prop({ required: true })
  day!: string;

  @prop({ type: String, default: null })
  department!: string | null;
}

export const ActivityModel = getModelForClass(Activity, { existingConnection: engagementDb });

export enum FactKind {
  COMPLETION = 'COMPLETION',
  SESSION = 'SESSION',
  CHECK_IN = 'CHECK_IN',
}

/** One completion, coaching session or check-in, for reports (keyed by its event). */
@index({ day: 1 })
@index({ person: 1 })
@modelOptions({ schemaOptions: { collection: 'activity_facts' } })
export class ActivityFact {
  /** The domain event's id. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true, type: String, enum: FactKind })
  kind!: FactKind;

  @prop({ required: true })
  person!: string;

  @prop({ required: true })
  day!: string;

  @prop({ type: String, default: null })
  department!: string | null;
}

export const ActivityFactModel = getModelForClass(ActivityFact, {
  existingConnection: engagementDb,
});
