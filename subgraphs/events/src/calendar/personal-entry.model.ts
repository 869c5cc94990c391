import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { eventsDb } from '../db';

export enum PersonalEntryKind {
  SESSION = 'SESSION',
  COURSE_DUE = 'COURSE_DUE',
}

/**
 * A calendar entry of other services for people's personal feeds, kept from
 * their domain events (coaching sessions, assigned courses' due dates), so a
 * feed is served without calling them. Keyed by its ICS UID.
 */
@index({ userIds: 1 })
@modelOptions({ schemaOptions: { collection: 'personal_entries', timestamps: true } })
export class PersonalEntry {
  /** The entry's calendar UID. */
  @prop({ required: true })
  _id!: string;

  @prop({ required: true, enum: PersonalEntryKind, type: String })
  kind!: PersonalEntryKind;

  /** Whose feeds show it. */
  @prop({ type: () => [String], required: true })
  userIds!: string[];

  /** The aggregate it stands for (a session, an enrollment). */
  @prop({ required: true })
  sourceId!: string;

  @prop({ required: true })
  summary!: string;

  @prop({ required: true })
  startsAt!: Date;

  @prop({ required: true })
  endsAt!: Date;

  @prop({ required: true, default: false })
  allDay!: boolean;

  @prop({ required: true, default: 'UTC' })
  timeZone!: string;

  @prop({ required: true, default: 0 })
  sequence!: number;

  @prop({ required: true, default: false })
  cancelled!: boolean;
}

export const PersonalEntryModel = getModelForClass(PersonalEntry, { existingConnection: eventsDb });
