import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { DateOverride, WeeklyHours } from '../availability/availability.model';
import { coachingDb } from '../db';

/**
 * A coach's public profile and availability. Its `_id` is the coach's
 * `User.id`, so a coach is identified the same way everywhere.
 */
@ObjectType({
  description: 'A person with the COACH role who can be booked; also their availability',
})
@Directive('@key(fields: "id")')
@index({ active: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'coach_profiles', timestamps: true } })
export class CoachProfile {
  readonly _id!: Types.ObjectId;

  @Field(() => ID, { description: "The coach's User.id" })
  readonly id!: string;

  @Field()
  @prop({ required: true, default: '' })
  bio!: string;

  @Field(() => [String])
  @prop({ type: () => [String], default: [] })
  expertise!: string[];

  @Field(() => [String], { description: 'BCP-47 language tags the coach coaches in' })
  @prop({ type: () => [String], default: [] })
  languages!: string[];

  @Field({ description: 'IANA time zone of the availability' })
  @prop({ required: true })
  timeZone!: string;

  @Field()
  @prop({ required: true, default: true })
  active!: boolean;

  @Field(() => [WeeklyHours], { description: 'Weekly hours, wall-clock in `timeZone`' })
  @prop({ type: () => [WeeklyHours], default: [] })
  weekly!: WeeklyHours[];

  @Field(() => [DateOverride], { description: 'Dates whose hours replace the weekly ones' })
  @prop({ type: () => [DateOverride], default: [] })
  overrides!: DateOverride[];

  readonly createdAt!: Date;
  readonly updatedAt!: Date;
}

export type CoachProfileDocument = DocumentType<CoachProfile>;

export const CoachProfileModel = getModelForClass(CoachProfile, { existingConnection: coachingDb });
