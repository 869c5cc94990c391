import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { notificationsDb } from '../db';

export enum Category {
  ACCOUNT = 'ACCOUNT',
  TRAINING = 'TRAINING',
  COACHING = 'COACHING',
  EVENTS = 'EVENTS',
  ENGAGEMENT = 'ENGAGEMENT',
  ANNOUNCEMENTS = 'ANNOUNCEMENTS',
}
registerEnumType(Category, { name: 'NotificationCategory' });

/**
 * One item of a person's inbox: one per recipient, trigger and template
 * (the unique index makes a redelivered trigger a no-op). Counts are never
 * stored: they are counted on the `(userId, archivedAt, readAt|seenAt)`
 * indexes, so they cannot drift from the items.
 */
@ObjectType({ description: "An item of a person's inbox" })
@index({ userId: 1, _id: -1 })
@index({ userId: 1, archivedAt: 1, readAt: 1 })
@index({ userId: 1, archivedAt: 1, seenAt: 1 })
@index({ userId: 1, category: 1, _id: -1 })
@index({ sourceKey: 1, userId: 1, template: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'notifications', versionKey: false } })
export class Notification {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true })
  userId!: string;

  @Field(() => Category)
  @prop({ required: true, type: String, enum: Category })
  category!: Category;

  /** The template that rendered it, e.g. `session.booked`, or `announcement`. */
  @Field({ description: 'The template that rendered it, e.g. session.booked' })
  @prop({ required: true })
  template!: string;

  @Field()
  @prop({ required: true })
  title!: string;

  @Field()
  @prop({ required: true })
  body!: string;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  link!: string | null;

  /** The domain event's id, or `announcement:<id>`: what makes a trigger notify once. */
  @Field({ description: "The domain event's id, or announcement:<id>" })
  @prop({ required: true })
  sourceKey!: string;

  @Field(() => String, { nullable: true, description: 'Who caused it, when a person did' })
  @prop({ type: String, default: null })
  actorId!: string | null;

  @Field()
  @prop({ required: true })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  readAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  seenAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  archivedAt!: Date | null;
}

export type NotificationDocument = DocumentType<Notification>;

export const NotificationModel = getModelForClass(Notification, {
  existingConnection: notificationsDb,
});
