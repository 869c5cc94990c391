import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { registerEnumType } from 'type-graphql';
import { eventsDb } from '../db';

export enum CheckInResultCode {
  OK = 'OK',
  ALREADY_CHECKED_IN = 'ALREADY_CHECKED_IN',
  INVALID = 'INVALID',
  CANCELLED = 'CANCELLED',
  NOT_CONFIRMED = 'NOT_CONFIRMED',
  WRONG_EVENT = 'WRONG_EVENT',
  TOO_EARLY = 'TOO_EARLY',
}
registerEnumType(CheckInResultCode, {
  name: 'CheckInResultCode',
  valuesConfig: {
    OK: { description: 'Checked in now' },
    ALREADY_CHECKED_IN: { description: 'Checked in before; checkedInAt is the first time' },
    INVALID: { description: 'No registration has this ticket code' },
    CANCELLED: { description: 'The registration was cancelled' },
    NOT_CONFIRMED: { description: 'Waitlisted, offered or expired: no seat' },
    WRONG_EVENT: { description: 'The ticket is for another event' },
    TOO_EARLY: { description: 'The door has not opened yet' },
  },
});

/**
 * One scan at the door, keyed by the scanner's `nonce`: sending the same scan
 * again (a retry over a bad connection) finds this record and gets the same
 * answer, without a second check-in. The unique index settles concurrent retries.
 */
@index({ eventId: 1, nonce: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'check_ins', timestamps: { updatedAt: false } } })
export class CheckIn {
  readonly _id!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  eventId!: Types.ObjectId;

  @prop({ required: true })
  nonce!: string;

  @prop({ type: Types.ObjectId, default: null })
  registrationId!: Types.ObjectId | null;

  @prop({ required: true, enum: CheckInResultCode, type: String })
  result!: CheckInResultCode;

  /** OK and ALREADY_CHECKED_IN: when the registration was (first) checked in. */
  @prop({ type: Date, default: null })
  checkedInAt!: Date | null;

  /** The organiser who scanned. */
  @prop({ required: true })
  scannedBy!: string;

  readonly createdAt!: Date;
}

export const CheckInModel = getModelForClass(CheckIn, { existingConnection: eventsDb });
