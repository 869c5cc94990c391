import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { eventsDb } from '../db';

export enum RegistrationStatus {
  CONFIRMED = 'CONFIRMED',
  WAITLISTED = 'WAITLISTED',
  OFFERED = 'OFFERED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  valuesConfig: {
    CONFIRMED: { description: 'Holds a seat' },
    WAITLISTED: { description: 'Waiting for a seat; see position' },
    OFFERED: { description: 'A seat is held for them until offerExpiresAt: claim it' },
    CANCELLED: { description: 'By its owner, an organiser, or with its event' },
    EXPIRED: { description: 'A waitlist offer that was not claimed in time' },
  },
});

/** The statuses of a live registration: one per person and event at a time. */
export const LIVE_STATUSES = [
  RegistrationStatus.CONFIRMED,
  RegistrationStatus.WAITLISTED,
  RegistrationStatus.OFFERED,
] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

/**
 * A person's place at an event. `live` is true while it is CONFIRMED,
 * WAITLISTED or OFFERED: the partial unique index keeps one live registration
 * per person and event, so a double click registers once. `waitlistTicket`
 * is the number drawn from the event when it joined the waitlist; its live
 * `position` is how many waiting registrations hold a lower one, plus one.
 */
@ObjectType({ description: "A person's registration for an event" })
@Directive('@key(fields: "id")')
@index({ eventId: 1, userId: 1 }, { unique: true, partialFilterExpression: { live: true } })
@index({ ticketCode: 1 }, { unique: true })
@index({ eventId: 1, status: 1, waitlistTicket: 1 })
@index({ userId: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'registrations', timestamps: true } })
export class EventRegistration {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  eventId!: Types.ObjectId;

  /** The registrant's `User.id`. */
  @prop({ required: true })
  userId!: string;

  @Field(() => RegistrationStatus)
  @prop({ required: true, enum: RegistrationStatus, type: String })
  status!: RegistrationStatus;

  /** Present (true) while live; removed when cancelled or expired. */
  @prop({ type: Boolean })
  live?: boolean;

  @prop({ required: true })
  ticketCode!: string;

  @prop({ type: Number, default: null })
  waitlistTicket!: number | null;

  @Field(() => Date, { nullable: true, description: 'OFFERED: claim the seat before then' })
  @prop({ type: Date, default: null })
  offerExpiresAt!: Date | null;

  /** Confirmed by claiming a waitlist offer (which is then used up). */
  @prop({ required: true, default: false })
  viaWaitlistOffer!: boolean;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  cancelledAt!: Date | null;

  @prop({ type: String, default: null })
  cancelledBy!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  cancellationReason!: string | null;

  /** Cancelled because its event was: it stays in the person's feed as a cancelled entry. */
  @prop({ required: true, default: false })
  cancelledWithEvent!: boolean;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  checkedInAt!: Date | null;

  @prop({ type: String, default: null })
  checkedInBy!: string | null;

  @Field()
  readonly createdAt!: Date;

  readonly updatedAt!: Date;
}

export type RegistrationDocument = DocumentType<EventRegistration>;

export const RegistrationModel = getModelForClass(EventRegistration, {
  existingConnection: eventsDb,
});
