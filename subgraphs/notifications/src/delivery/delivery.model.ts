import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { notificationsDb } from '../db';
import { Category } from '../notification/notification.model';
import { Channel } from '../preferences/preferences.model';

export enum DeliveryStatus {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

export enum DeliveryReason {
  PREFERENCE = 'PREFERENCE',
  QUIET_HOURS = 'QUIET_HOURS',
  NO_ADDRESS = 'NO_ADDRESS',
  DIGEST = 'DIGEST',
  UNSUBSCRIBED = 'UNSUBSCRIBED',
}
registerEnumType(DeliveryReason, {
  name: 'DeliveryReason',
  valuesConfig: {
    PREFERENCE: { description: 'SKIPPED: the channel or the category is off' },
    QUIET_HOURS: { description: 'QUEUED until the end of the quiet hours (deferredUntil)' },
    NO_ADDRESS: { description: 'SKIPPED: no email, confirmed phone or push subscription' },
    DIGEST: { description: 'SKIPPED here: sent within the daily digest (digestedAt)' },
    UNSUBSCRIBED: { description: 'SKIPPED: the person has been erased' },
  },
});

/** What a channel sends, rendered when the notification is made. Cleared once sent. */
@modelOptions({ schemaOptions: { _id: false } })
export class OutgoingMessage {
  /** The email address when it was queued: used if the directory has none by the time it sends. */
  @prop({ type: String, default: null })
  to!: string | null;

  @prop({ required: true })
  subject!: string;

  @prop({ required: true })
  text!: string;

  @prop({ type: String, default: null })
  html!: string | null;

  @prop({ type: String, default: null })
  link!: string | null;

  /** An RFC 5546 invitation, with its METHOD. */
  @prop({ type: String, default: null })
  ics!: string | null;

  @prop({ type: String, default: null })
  icsMethod!: string | null;

  /** Critical messages carry no List-Unsubscribe. */
  @prop({ default: false })
  critical!: boolean;
}

/**
 * One channel's attempt to bring a notification to its person: the proof of
 * delivery (or of why not) a compliance team asks for.
 */
@ObjectType('NotificationDelivery', {
  description: 'One channel of one notification: status, attempts, provider id',
})
@index({ notificationId: 1 })
@index({ sourceKey: 1, channel: 1, status: 1 })
@index({ userId: 1, channel: 1, reason: 1, digestedAt: 1 })
@index({ status: 1, deadLetteredAt: -1 })
@modelOptions({ schemaOptions: { collection: 'deliveries', versionKey: false, timestamps: true } })
export class Delivery {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true })
  notificationId!: Types.ObjectId;

  /** Null once the person is erased. */
  @prop({ type: String, default: null })
  userId!: string | null;

  @prop({ required: true })
  sourceKey!: string;

  @Field(() => Category)
  @prop({ required: true, type: String, enum: Category })
  category!: Category;

  @Field(() => Channel)
  @prop({ required: true, type: String, enum: Channel })
  channel!: Channel;

  @Field(() => DeliveryStatus)
  @prop({ required: true, type: String, enum: DeliveryStatus })
  status!: DeliveryStatus;

  @Field(() => DeliveryReason, { nullable: true })
  @prop({ type: String, enum: DeliveryReason, default: null })
  reason!: DeliveryReason | null;

  @Field(() => Int)
  @prop({ default: 0 })
  attempts!: number;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  lastError!: string | null;

  @Field(() => String, { nullable: true, description: "The provider's message id once SENT" })
  @prop({ type: String, default: null })
  providerMessageId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Which transport sent it (primary, secondary)',
  })
  @prop({ type: String, default: null })
  transport!: string | null;

  @Field(() => Date, { nullable: true, description: 'QUEUED until then (quiet hours)' })
  @prop({ type: Date, default: null })
  deferredUntil!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  sentAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the daily digest carried it' })
  @prop({ type: Date, default: null })
  digestedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'FAILED for good; replayable by an admin' })
  @prop({ type: Date, default: null })
  deadLetteredAt!: Date | null;

  @prop({ type: () => OutgoingMessage, default: null })
  message!: OutgoingMessage | null;

  @Field()
  readonly createdAt!: Date;
}

export type DeliveryDocument = DocumentType<Delivery>;

export const DeliveryModel = getModelForClass(Delivery, { existingConnection: notificationsDb });
