import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { coachingDb } from '../db';

export enum SessionStatus {
  BOOKED = 'BOOKED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
  NO_SHOW = 'NO_SHOW',
}
registerEnumType(SessionStatus, { name: 'SessionStatus' });

/**
 * One booked hour between a coach and a coachee. A reschedule cancels this
 * document and books a new one linked by `rescheduledFrom`; both share the
 * ICS UID. The slot itself is held by the session's claims (slot-claim.model).
 */
@ObjectType()
@index({ coachId: 1, status: 1, startsAt: 1 })
@index({ coacheeId: 1, startsAt: 1 })
@index(
  { coacheeId: 1, idempotencyKey: 1 },
  { unique: true, partialFilterExpression: { idempotencyKey: { $type: 'string' } } },
)
@modelOptions({ schemaOptions: { collection: 'sessions', timestamps: true } })
export class CoachingSession {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field(() => ID)
  @prop({ required: true })
  coachId!: string;

  @Field(() => ID)
  @prop({ required: true })
  coacheeId!: string;

  @Field(() => ID)
  @prop({ required: true, type: Types.ObjectId })
  sessionTypeId!: Types.ObjectId;

  @Field()
  @prop({ required: true })
  sessionTypeName!: string;

  @Field({ description: "The coach's zone, in which the session was offered" })
  @prop({ required: true })
  timeZone!: string;

  @Field()
  @prop({ required: true })
  startsAt!: Date;

  @Field()
  @prop({ required: true })
  endsAt!: Date;

  /** The coach's time the session keeps, buffers included: what its claims cover. */
  @prop({ required: true })
  blockedFrom!: Date;

  @prop({ required: true })
  blockedUntil!: Date;

  @Field(() => SessionStatus)
  @prop({ required: true, type: String, enum: SessionStatus, default: SessionStatus.BOOKED })
  status!: SessionStatus;

  @Field(() => ID, { nullable: true, description: 'Who cancelled (User.id); null: the system' })
  @prop({ type: String, default: null })
  cancelledBy!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  cancellationReason!: string | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  cancelledAt!: Date | null;

  @prop({ type: Types.ObjectId, default: null })
  rescheduledFrom!: Types.ObjectId | null;

  @prop({ type: Types.ObjectId, default: null })
  rescheduledTo!: Types.ObjectId | null;

  @prop({ type: String })
  idempotencyKey?: string;

  @Field({ description: 'The ICS UID, the same across reschedules' })
  @prop({ required: true })
  icsUid!: string;

  @Field(() => Int, { description: 'The ICS SEQUENCE: rises with each reschedule or cancellation' })
  @prop({ required: true, default: 0 })
  icsSequence!: number;

  /** The package grant whose credit the booking spent, if its type requires one. */
  @prop({ type: Types.ObjectId, default: null })
  packageId!: Types.ObjectId | null;

  readonly createdAt!: Date;
}

export type CoachingSessionDocument = DocumentType<CoachingSession>;

export const CoachingSessionModel = getModelForClass(CoachingSession, {
  existingConnection: coachingDb,
});
