import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { notificationsDb } from '../db';

/**
 * A one-minute, single-use ticket for `EventSource`, which cannot send an
 * Authorization header. Only the ticket's hash is stored.
 */
@index({ expiresAt: 1 }, { expireAfterSeconds: 300 })
@modelOptions({ schemaOptions: { collection: 'stream_tickets', versionKey: false } })
export class StreamTicket {
  /** SHA-256 of the ticket, hex. */
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  userId!: string;

  @prop({ required: true })
  expiresAt!: Date;

  @prop({ type: Date, default: null })
  usedAt!: Date | null;
}

export const StreamTicketModel = getModelForClass(StreamTicket, {
  existingConnection: notificationsDb,
});
