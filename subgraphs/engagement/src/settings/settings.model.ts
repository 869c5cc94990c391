import { getModelForClass, modelOptions, prop } from '@typegoose/typegoose';
import { Field, Int, ObjectType } from 'type-graphql';
import { engagementDb } from '../db';

@ObjectType({ description: 'A level: reached once a total is at or above its threshold' })
export class LevelThreshold {
  @Field(() => Int)
  @prop({ required: true })
  threshold!: number;

  @Field()
  @prop({ required: true })
  name!: string;
}

export const DEFAULT_LEVELS: readonly LevelThreshold[] = [
  { threshold: 0, name: 'Newcomer' },
  { threshold: 100, name: 'Explorer' },
  { threshold: 250, name: 'Achiever' },
  { threshold: 500, name: 'Expert' },
  { threshold: 1000, name: 'Master' },
  { threshold: 2500, name: 'Legend' },
];

/** The one settings document of the organisation (`_id` "organisation"). */
@ObjectType('EngagementSettings')
@modelOptions({ schemaOptions: { collection: 'settings', timestamps: true } })
export class Settings {
  @prop({ required: true, type: String })
  _id!: string;

  @Field({ description: 'IANA zone in which weeks and months of leaderboards begin' })
  @prop({ required: true, default: 'UTC' })
  timeZone!: string;

  @Field(() => Int, { description: 'ISO weekday weeks start on: 1 Monday … 7 Sunday' })
  @prop({ required: true, default: 1 })
  firstDayOfWeek!: number;

  @Field({ description: 'Saturdays and Sundays neither break nor extend a streak' })
  @prop({ required: true, default: false })
  streaksSkipWeekends!: boolean;

  @Field(() => [LevelThreshold], { description: 'Ascending, the first at 0' })
  @prop({ type: () => [LevelThreshold], _id: false, default: () => [...DEFAULT_LEVELS] })
  levels!: LevelThreshold[];

  @Field(() => Int, { description: 'Groups smaller than this are never shown (default 5)' })
  @prop({ required: true, default: 5 })
  privacyThreshold!: number;
}

export const ORGANISATION = 'organisation';

export const SettingsModel = getModelForClass(Settings, { existingConnection: engagementDb });
