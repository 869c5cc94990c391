import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { notificationsDb } from '../db';

/**
 * What the local sinks received (`npm start` and tests): emails as the SMTP
 * catcher parsed them, SMS and push as they would have left. Never written
 * when real providers are configured. Kept 7 days.
 */
@index({ createdAt: 1 }, { expireAfterSeconds: 7 * 86_400 })
@modelOptions({ schemaOptions: { collection: 'captured_messages', versionKey: false } })
export class CapturedMessage {
  readonly _id!: Types.ObjectId;

  @prop({ required: true })
  channel!: 'EMAIL' | 'SMS' | 'PUSH';

  @prop({ required: true })
  to!: string;

  @prop({ type: String, default: null })
  subject!: string | null;

  @prop({ required: true })
  text!: string;

  @prop({ type: String, default: null })
  html!: string | null;

  /** Headers that tell something (List-Unsubscribe, …), and attachment types. */
  @prop({ type: () => [String], default: () => [] })
  details!: string[];

  @prop({ required: true })
  createdAt!: Date;
}

export const CapturedMessageModel = getModelForClass(CapturedMessage, {
  existingConnection: notificationsDb,
});
