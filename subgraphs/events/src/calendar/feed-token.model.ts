import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { eventsDb } from '../db';

/**
 * A person's personal feed token: an HMAC of it to find it by (so a dump of
 * the database does not reveal it), and the token itself encrypted with
 * AES-256-GCM (so its owner can see the URL again). Rotating replaces both.
 */
@index({ lookup: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'calendar_feeds', timestamps: true } })
export class CalendarFeed {
  /** The owner's `User.id`: one feed per person. */
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  lookup!: string;

  /** base64url of IV (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes). */
  @prop({ required: true })
  sealed!: string;
}

export const CalendarFeedModel = getModelForClass(CalendarFeed, { existingConnection: eventsDb });
