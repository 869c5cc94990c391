import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { engagementDb } from '../db';

/**
 * Engagement's record of a person: what `user.*` events say (name,
 * department, zone) and engagement's own state (leaderboard opt-out, the
 * highest level announced). Every credit writes it first, so one person's
 * credits are serialised by the database: caps, levels and badges read a
 * consistent ledger.
 */
@index({ department: 1 })
@modelOptions({ schemaOptions: { collection: 'participants', timestamps: true } })
export class Participant {
  /** `User.id`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ default: '' })
  name!: string;

  @prop({ type: String, default: null })
  department!: string | null;

  /** IANA zone; null: the organisation's. */
  @prop({ type: String, default: null })
  timeZone!: string | null;

  @prop({ required: true, default: false })
  optedOut!: boolean;

  /** The highest level `level.reached` was published for (1 is where everybody starts). */
  @prop({ required: true, default: 1 })
  levelReached!: number;

  /** When the person registered (for signup cohorts). */
  @prop({ type: Date, default: null })
  registeredAt!: Date | null;

  /** Set once `user.deleted` anonymised the person: nothing is credited any more. */
  @prop({ required: true, default: false })
  deleted!: boolean;

  /** Bumped by every credit: the write that serialises a person's credits. */
  @prop({ required: true, default: 0 })
  credits!: number;
}

export const ParticipantModel = getModelForClass(Participant, { existingConnection: engagementDb });
