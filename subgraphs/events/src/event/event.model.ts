import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { eventsDb } from '../db';

export enum EventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(EventStatus, {
  name: 'EventStatus',
  valuesConfig: {
    DRAFT: { description: 'Seen by its organisers only' },
    PUBLISHED: { description: 'Listed, and open to registration within its window' },
    CANCELLED: { description: 'Called off: every registration was cancelled with it' },
  },
});

export enum EventFormat {
  ONLINE = 'ONLINE',
  VENUE = 'VENUE',
  HYBRID = 'HYBRID',
}
registerEnumType(EventFormat, {
  name: 'EventFormat',
  valuesConfig: {
    ONLINE: { description: 'Joined by URL' },
    VENUE: { description: 'At a venue' },
    HYBRID: { description: 'At a venue, or joined by URL' },
  },
});

/**
 * A workshop, webinar or conference session (an occurrence, when `seriesId` is
 * set). `seatsLeft` is the capacity minus seats held (CONFIRMED and OFFERED):
 * registering takes a seat with a guarded `$inc`, never by counting first.
 * `waitlistTicket` only grows: each waitlisted registration draws the next
 * number, so the waitlist's order is the order registrations were stored.
 */
@ObjectType({ description: 'A workshop, webinar or conference session' })
@Directive('@key(fields: "id")')
@index({ status: 1, startsAt: 1 })
@index({ seriesId: 1, startsAt: 1 })
@index({ organizerIds: 1, startsAt: 1 })
@modelOptions({ schemaOptions: { collection: 'events', timestamps: true } })
export class Event {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field(() => ID, { nullable: true, description: 'The series this event is an occurrence of' })
  @prop({ type: Types.ObjectId, default: null })
  seriesId!: Types.ObjectId | null;

  @Field()
  @prop({ required: true, trim: true })
  title!: string;

  @Field()
  @prop({ type: String, default: '' })
  description!: string;

  @Field(() => EventStatus)
  @prop({ required: true, enum: EventStatus, type: String, default: EventStatus.DRAFT })
  status!: EventStatus;

  /** `User.id`s of its organisers (ORGANIZER or ADMIN people). */
  @prop({ type: () => [String], default: [] })
  organizerIds!: string[];

  @Field(() => EventFormat)
  @prop({ required: true, enum: EventFormat, type: String })
  format!: EventFormat;

  /** ONLINE and HYBRID: shown to confirmed registrants and organisers only. */
  @prop({ type: String, default: null })
  joinUrl!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  venueName!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  address!: string | null;

  @Field({ description: 'IANA time zone the event is held in, e.g. Europe/Paris' })
  @prop({ required: true })
  timeZone!: string;

  @Field()
  @prop({ required: true })
  startsAt!: Date;

  @Field({ description: 'Exclusive end' })
  @prop({ required: true })
  endsAt!: Date;

  @Field({ description: 'Whole days in its time zone (calendar dates, not times)' })
  @prop({ required: true, default: false })
  allDay!: boolean;

  @Field(() => Int)
  @prop({ required: true })
  capacity!: number;

  /** Capacity minus seats held; moved only by guarded atomic updates. */
  @prop({ required: true })
  seatsLeft!: number;

  @Field()
  @prop({ required: true, default: true })
  waitlistEnabled!: boolean;

  @Field(() => Int, { description: 'How long a waitlist offer may be claimed' })
  @prop({ required: true, default: 48 })
  offerHours!: number;

  @Field(() => Date, { nullable: true, description: 'Default: as soon as it is published' })
  @prop({ type: Date, default: null })
  registrationOpensAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Default: when it starts' })
  @prop({ type: Date, default: null })
  registrationClosesAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Registrants may cancel until then (default: the start)',
  })
  @prop({ type: Date, default: null })
  selfCancelUntil!: Date | null;

  /** The waitlist's last number drawn. */
  @prop({ required: true, default: 0 })
  waitlistTicket!: number;

  /** RFC 5545 SEQUENCE: up by one on every change of time, place or status. */
  @prop({ required: true, default: 0 })
  icsSequence!: number;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  cancellationReason!: string | null;

  readonly createdAt!: Date;
  readonly updatedAt!: Date;
}

export type EventDocument = DocumentType<Event>;

export const EventModel = getModelForClass(Event, { existingConnection: eventsDb });

/** When registration closes: its own deadline, and never after the start. */
export function registrationClosesAt(event: Event): Date {
  const closes = event.registrationClosesAt;
  return closes && closes < event.startsAt ? closes : event.startsAt;
}

/** The calendar UID of an event: it never changes, whatever happens to the event. */
export function icsUidOf(event: Pick<Event, '_id'>): string {
  return `event-${event._id.toHexString()}@weace`;
}
