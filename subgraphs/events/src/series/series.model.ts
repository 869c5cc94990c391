import { type DocumentType, getModelForClass, modelOptions, prop } from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { eventsDb } from '../db';
import type { Frequency, WeekdayCode } from './recurrence';

export enum RecurrenceFrequency {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
}
registerEnumType(RecurrenceFrequency, { name: 'RecurrenceFrequency' });

export enum Weekday {
  MO = 'MO',
  TU = 'TU',
  WE = 'WE',
  TH = 'TH',
  FR = 'FR',
  SA = 'SA',
  SU = 'SU',
}
// RFC 5545 BYDAY codes; coaching's `Weekday` (MONDAY…) names days of weekly hours.
registerEnumType(Weekday, { name: 'RecurrenceWeekday' });

@ObjectType({ description: 'How a series repeats (RFC 5545 RRULE)' })
export class RecurrenceRule {
  @Field(() => RecurrenceFrequency)
  @prop({ required: true, type: String })
  freq!: Frequency;

  @Field(() => Int)
  @prop({ required: true, default: 1 })
  interval!: number;

  @Field(() => [Weekday])
  @prop({ type: () => [String], default: [] })
  byDay!: WeekdayCode[];

  @Field(() => Int, { nullable: true })
  @prop({ type: Number, default: null })
  count!: number | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  until!: Date | null;
}

/**
 * A recurring event: a rule expanded, in its own zone, into occurrences that
 * are events of their own (own capacity, registrations, calendar UID).
 */
@ObjectType({ description: 'A recurring event; each occurrence is an Event' })
@Directive('@key(fields: "id")')
@modelOptions({ schemaOptions: { collection: 'series', timestamps: true } })
export class EventSeries {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field()
  @prop({ required: true })
  title!: string;

  @Field()
  @prop({ required: true })
  timeZone!: string;

  @Field(() => RecurrenceRule)
  @prop({ required: true, type: () => RecurrenceRule, _id: false })
  recurrence!: RecurrenceRule;

  @Field(() => [String], { description: 'Local dates (YYYY-MM-DD) left out' })
  @prop({ type: () => [String], default: [] })
  excludedDates!: string[];

  @prop({ type: () => [String], default: [] })
  organizerIds!: string[];
}

export type EventSeriesDocument = DocumentType<EventSeries>;

export const EventSeriesModel = getModelForClass(EventSeries, { existingConnection: eventsDb });
