import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { coachingDb } from '../db';

/** What a coach offers: length, grid, buffers and booking rules of one kind of session. */
@ObjectType()
@index({ coachId: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'session_types', timestamps: true } })
export class SessionType {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field(() => ID, { description: "The coach's User.id" })
  @prop({ required: true })
  coachId!: string;

  @Field()
  @prop({ required: true, trim: true })
  name!: string;

  @Field(() => Int)
  @prop({ required: true })
  durationMinutes!: number;

  @Field(() => Int, {
    description: 'Slots start every so many minutes from the start of each range',
  })
  @prop({ required: true, default: 15 })
  slotIntervalMinutes!: number;

  @Field(() => Int)
  @prop({ required: true, default: 0 })
  bufferBeforeMinutes!: number;

  @Field(() => Int)
  @prop({ required: true, default: 0 })
  bufferAfterMinutes!: number;

  @Field(() => Int, { description: 'Coachees book at least this long ahead (the coach need not)' })
  @prop({ required: true, default: 0 })
  minimumNoticeMinutes!: number;

  @Field(() => Int, { description: 'Bookable up to this many days ahead' })
  @prop({ required: true, default: 60 })
  bookingWindowDays!: number;

  @Field(() => Int, {
    description: 'Coachees cancel or reschedule at least this long before the start',
  })
  @prop({ required: true, default: 0 })
  cancellationNoticeMinutes!: number;

  @Field(() => Int, {
    nullable: true,
    description: "Sessions of this type per day in the coach's zone",
  })
  @prop({ type: Number, default: null })
  maxPerDay!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Sessions of this type per ISO week in the coach's zone",
  })
  @prop({ type: Number, default: null })
  maxPerWeek!: number | null;

  @Field({ description: 'Booking spends one credit of a coaching package' })
  @prop({ required: true, default: false })
  requiresPackage!: boolean;

  @Field()
  @prop({ required: true, default: true })
  active!: boolean;
}

export type SessionTypeDocument = DocumentType<SessionType>;

export const SessionTypeModel = getModelForClass(SessionType, { existingConnection: coachingDb });
