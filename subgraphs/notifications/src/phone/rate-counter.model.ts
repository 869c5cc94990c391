import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { notificationsDb } from '../db';

/** One fixed-window counter (`phone-code:user:<id>:<window>`); gone after its window. */
@index({ expiresAt: 1 }, { expireAfterSeconds: 0 })
@modelOptions({ schemaOptions: { collection: 'rate_counters', versionKey: false } })
export class RateCounter {
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  count!: number;

  @prop({ required: true })
  expiresAt!: Date;
}

export const RateCounterModel = getModelForClass(RateCounter, {
  existingConnection: notificationsDb,
});
