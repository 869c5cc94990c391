import { modelOptions, prop } from '@typegoose/typegoose';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** ISO weekday order (Luxon's `weekday`: Monday 1 … Sunday 7). */
export enum Weekday {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
registerEnumType(Weekday, { name: 'Weekday' });

export const WEEKDAYS = Object.values(Weekday);

/** Wall-clock hours in the coach's zone, `HH:mm` (`24:00` ends at midnight). */
@ObjectType({ description: "Wall-clock hours (HH:mm) in the coach's time zone" })
@modelOptions({ schemaOptions: { _id: false } })
export class TimeRange {
  @Field()
  @prop({ required: true })
  start!: string;

  @Field()
  @prop({ required: true })
  end!: string;
}

@ObjectType({ description: 'Hours the coach works every week on one weekday' })
@modelOptions({ schemaOptions: { _id: false } })
export class WeeklyHours extends TimeRange {
  @Field(() => Weekday)
  @prop({ required: true, type: String, enum: Weekday })
  day!: Weekday;
}

@ObjectType({ description: "One date's hours instead of the weekly ones; none: away that day" })
@modelOptions({ schemaOptions: { _id: false } })
export class DateOverride {
  @Field({ description: 'YYYY-MM-DD, a date in the coach’s zone' })
  @prop({ required: true })
  date!: string;

  @Field(() => [TimeRange])
  @prop({ type: () => [TimeRange], default: [] })
  ranges!: TimeRange[];
}
