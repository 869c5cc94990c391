import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { coachingDb } from '../db';

/**
 * Time is claimed in blocks of this many minutes on a fixed UTC grid.
 * Range hours, durations, buffers and slot intervals are multiples of it, so
 * a session's time is exactly a run of blocks and two sessions overlap
 * exactly when they claim a common block.
 */
export const BLOCK_MINUTES = 5;

/**
 * One person's hold on one time block: `_id` is `coach:<id>@<block>` or
 * `coachee:<id>@<block>`. Booking inserts a session's claims in the
 * session's transaction, so the database's `_id` uniqueness, not a read
 * beforehand, is what refuses a second booking of the same time.
 */
@index({ sessionId: 1 })
@modelOptions({ schemaOptions: { collection: 'slot_claims', versionKey: false } })
export class SlotClaim {
  @prop({ required: true })
  _id!: string;

  @prop({ required: true, type: Types.ObjectId })
  sessionId!: Types.ObjectId;
}

export const SlotClaimModel = getModelForClass(SlotClaim, { existingConnection: coachingDb });

/**
 * Sessions of one type counted per local day or ISO week of the coach,
 * `_id` `<sessionTypeId>:<day or week>`: booking raises the count with the
 * limit in the filter, in the booking's transaction.
 */
@modelOptions({ schemaOptions: { collection: 'booking_counts', versionKey: false } })
export class BookingCount {
  @prop({ required: true })
  _id!: string;

  @prop({ required: true, default: 0 })
  count!: number;
}

export const BookingCountModel = getModelForClass(BookingCount, { existingConnection: coachingDb });
