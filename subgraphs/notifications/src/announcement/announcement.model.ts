import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { notificationsDb } from '../db';
import { Category } from '../notification/notification.model';
import { Channel } from '../preferences/preferences.model';

export enum AnnouncementStatus {
  FANNING_OUT = 'FANNING_OUT',
  DONE = 'DONE',
}
registerEnumType(AnnouncementStatus, { name: 'AnnouncementStatus' });

@ObjectType()
@modelOptions({ schemaOptions: { _id: false } })
export class AnnouncementAudience {
  @Field(() => [ID], { nullable: true })
  @prop({ type: () => [String], default: undefined })
  userIds?: string[];

  @Field(() => String, { nullable: true })
  @prop({ type: String })
  role?: string;

  @Field(() => String, { nullable: true })
  @prop({ type: String })
  department?: string;

  @Field(() => ID, { nullable: true, description: 'The confirmed registrants of this event' })
  @prop({ type: String })
  eventId?: string;
}

/**
 * An admin's (or organiser's) message to many people, fanned out in batches
 * by durable jobs; `processed` and the deliveries show its progress.
 */
@ObjectType({ description: 'A message sent to many people, with its fan-out progress' })
@index({ idempotencyKey: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'announcements', versionKey: false } })
export class Announcement {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  /** Sending again with the same key sends nothing more. */
  @prop({ required: true })
  idempotencyKey!: string;

  @Field(() => ID)
  @prop({ required: true })
  createdBy!: string;

  @Field(() => AnnouncementAudience)
  @prop({ required: true, type: () => AnnouncementAudience })
  audience!: AnnouncementAudience;

  @Field(() => Category)
  @prop({ required: true, type: String, enum: Category })
  category!: Category;

  @Field()
  @prop({ required: true })
  title!: string;

  @Field()
  @prop({ required: true })
  body!: string;

  @Field(() => [Channel])
  @prop({ type: () => [String], enum: Channel, required: true })
  channels!: Channel[];

  @Field(() => AnnouncementStatus)
  @prop({ required: true, type: String, enum: AnnouncementStatus })
  status!: AnnouncementStatus;

  @Field(() => Int, { description: 'People in the audience when it was sent' })
  @prop({ required: true })
  total!: number;

  @Field(() => Int, { description: 'People handled so far' })
  @prop({ default: 0 })
  processed!: number;

  /** The last person (or registration) of the last batch. */
  @prop({ type: String, default: null })
  cursor!: string | null;

  @Field(() => Int, { description: 'Batches done' })
  @prop({ default: 0 })
  batches!: number;

  @Field()
  @prop({ required: true })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  completedAt!: Date | null;
}

export type AnnouncementDocument = DocumentType<Announcement>;

export const AnnouncementModel = getModelForClass(Announcement, {
  existingConnection: notificationsDb,
});

/** The events organisers may announce to, kept from the events service's events. */
@modelOptions({ schemaOptions: { collection: 'event_organizers', versionKey: false } })
export class EventOrganizers {
  @prop({ required: true })
  _id!: string;

  @prop({ type: () => [String], default: () => [] })
  organizerIds!: string[];
}

export const EventOrganizersModel = getModelForClass(EventOrganizers, {
  existingConnection: notificationsDb,
});
