import {
  type DocumentType,
  Severity,
  getModelForClass,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import mongoose from 'mongoose';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { notificationsDb } from '../db';
import { Category } from '../notification/notification.model';

/** The ways a notification reaches a person; IN_APP is the inbox, always written. */
export enum Channel {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  PUSH = 'PUSH',
}
registerEnumType(Channel, { name: 'NotificationChannel' });

/** The channels a category uses until the person says otherwise: SMS only when chosen. */
export const DEFAULT_CHANNELS: readonly Channel[] = [Channel.IN_APP, Channel.EMAIL, Channel.PUSH];

/** One category's stored setting. */
export interface CategorySetting {
  readonly channels: Channel[];
  readonly digest: boolean;
}

@ObjectType('NotificationCategoryPreference')
export class CategoryPreference implements CategorySetting {
  @Field(() => Category)
  category!: Category;

  @Field(() => [Channel], { description: 'The channels this category uses' })
  channels!: Channel[];

  @Field({ description: "Email is collected into one daily digest at the person's digest hour" })
  digest!: boolean;
}

@ObjectType('NotificationQuietHours')
@modelOptions({ schemaOptions: { _id: false } })
export class QuietHours {
  @Field()
  @prop({ default: false })
  enabled!: boolean;

  @Field({ description: 'Local time HH:MM in the person’s time zone' })
  @prop({ default: '22:00' })
  start!: string;

  @Field({ description: 'Local time HH:MM; before start means the next day' })
  @prop({ default: '07:00' })
  end!: string;
}

@modelOptions({ schemaOptions: { _id: false } })
export class PushSubscriptionKeys {
  @prop({ required: true })
  p256dh!: string;

  @prop({ required: true })
  auth!: string;
}

@ObjectType('WebPushSubscription')
@modelOptions({ schemaOptions: { _id: false } })
export class PushSubscription {
  @Field()
  @prop({ required: true })
  endpoint!: string;

  @prop({ required: true, type: () => PushSubscriptionKeys })
  keys!: PushSubscriptionKeys;

  @Field()
  @prop({ required: true })
  createdAt!: Date;
}

/** A phone number waiting for its one-time code; the code is kept only as a hash. */
@modelOptions({ schemaOptions: { _id: false } })
export class PhoneVerification {
  @prop({ required: true })
  phone!: string;

  @prop({ required: true })
  codeHash!: string;

  @prop({ required: true })
  expiresAt!: Date;

  @prop({ default: 0 })
  failedAttempts!: number;
}

/** A person's notification settings, keyed by their User.id; absent means every default. */
@ObjectType('NotificationPreferences')
@modelOptions({
  schemaOptions: { collection: 'preferences', versionKey: false, timestamps: true },
  // categorySettings is a map of known shape, written by path (see below).
  options: { allowMixed: Severity.ALLOW },
})
export class Preferences {
  @prop({ required: true })
  _id!: string;

  @Field(() => [Channel], { description: 'Channels switched on; a channel off never sends' })
  @prop({ type: () => [String], enum: Channel, default: () => Object.values(Channel) })
  channels!: Channel[];

  /**
   * By category, only those the person changed; a map so one category is
   * changed by one atomic `$set` (the GraphQL `categories` lists them all).
   */
  @prop({ type: () => mongoose.Schema.Types.Mixed, default: () => ({}) })
  categorySettings!: Partial<Record<Category, CategorySetting>>;

  @Field(() => QuietHours)
  @prop({ type: () => QuietHours, default: () => ({}) })
  quietHours!: QuietHours;

  @Field(() => Int, { description: 'Local hour (0-23) the daily digest is sent' })
  @prop({ default: 8 })
  digestHour!: number;

  @Field(() => String, { nullable: true, description: 'Confirmed number in E.164; SMS go there' })
  @prop({ type: String, default: null })
  phone!: string | null;

  @prop({ type: () => PhoneVerification, default: null })
  phoneVerification!: PhoneVerification | null;

  @Field(() => [PushSubscription])
  @prop({ type: () => [PushSubscription], default: () => [] })
  pushSubscriptions!: PushSubscription[];
}

export type PreferencesDocument = DocumentType<Preferences>;

export const PreferencesModel = getModelForClass(Preferences, {
  existingConnection: notificationsDb,
});

/** A category's setting as it applies: the stored one, or the default. */
export function categorySetting(preferences: Preferences, category: Category): CategoryPreference {
  const stored = preferences.categorySettings?.[category];
  return {
    category,
    channels: stored?.channels ?? [...DEFAULT_CHANNELS],
    digest: stored?.digest ?? false,
  };
}

/** The preferences of someone who never changed any. */
export function defaultPreferences(userId: string): Preferences {
  return new PreferencesModel({ _id: userId }).toObject() as Preferences;
}
