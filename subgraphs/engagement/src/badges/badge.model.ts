import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { engagementDb } from '../db';

export enum BadgeMetric {
  POINTS = 'POINTS',
  LESSONS_COMPLETED = 'LESSONS_COMPLETED',
  ASSESSMENTS_PASSED = 'ASSESSMENTS_PASSED',
  COURSES_COMPLETED = 'COURSES_COMPLETED',
  SESSIONS_COMPLETED = 'SESSIONS_COMPLETED',
  EVENTS_ATTENDED = 'EVENTS_ATTENDED',
  FEEDBACK_GIVEN = 'FEEDBACK_GIVEN',
  STREAK_DAYS = 'STREAK_DAYS',
}
registerEnumType(BadgeMetric, { name: 'BadgeMetric' });

export enum Aggregation {
  ALL = 'ALL',
  ANY = 'ANY',
}
registerEnumType(Aggregation, {
  name: 'BadgeAggregation',
  description: 'ALL: every criterion must hold; ANY: one is enough',
});

export enum BadgePeriod {
  ONCE = 'ONCE',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(BadgePeriod, {
  name: 'BadgePeriod',
  description: 'ONCE: at most once per person; WEEK/MONTH: once per period, counted inside it',
});

@ObjectType()
export class BadgeCriterion {
  @Field(() => BadgeMetric)
  @prop({ required: true, type: String, enum: BadgeMetric })
  metric!: BadgeMetric;

  @Field(() => Int)
  @prop({ required: true })
  threshold!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Count only the last N days ("3 coaching sessions in 30 days")',
  })
  @prop({ type: Number, default: null })
  windowDays!: number | null;
}

@ObjectType()
@modelOptions({ schemaOptions: { collection: 'badges', timestamps: true } })
export class Badge {
  @Field(() => ID, { name: 'id' })
  readonly _id!: Types.ObjectId;

  @Field()
  @prop({ required: true })
  name!: string;

  @Field()
  @prop({ default: '' })
  description!: string;

  @Field(() => [BadgeCriterion])
  @prop({ type: () => [BadgeCriterion], _id: false, required: true })
  criteria!: BadgeCriterion[];

  @Field(() => Aggregation)
  @prop({ required: true, type: String, enum: Aggregation, default: Aggregation.ALL })
  aggregation!: Aggregation;

  @Field(() => BadgePeriod)
  @prop({ required: true, type: String, enum: BadgePeriod, default: BadgePeriod.ONCE })
  period!: BadgePeriod;

  @Field()
  @prop({ required: true, default: true })
  active!: boolean;
}

export const BadgeModel = getModelForClass(Badge, { existingConnection: engagementDb });

/** One badge earned by one person, once (or once per period): the unique index holds it. */
@index({ badge: 1, person: 1, period: 1 }, { unique: true })
@index({ person: 1, awardedAt: 1 })
@modelOptions({ schemaOptions: { collection: 'badge_awards' } })
export class BadgeAward {
  @prop({ required: true, type: Types.ObjectId })
  badge!: Types.ObjectId;

  @prop({ required: true })
  person!: string;

  /** `ONCE`, or the week/month key it was earned in. */
  @prop({ required: true })
  period!: string;

  @prop({ required: true })
  awardedAt!: Date;
}

export const BadgeAwardModel = getModelForClass(BadgeAward, { existingConnection: engagementDb });
