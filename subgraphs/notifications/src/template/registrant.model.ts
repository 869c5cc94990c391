import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { notificationsDb } from '../db';

/**
 * Who holds a seat of which event, kept from the registration.* events, so
 * `event.updated` and `event.cancelled` reach confirmed registrants without
 * calling the events service.
 */
@index({ eventId: 1, status: 1 })
@index({ userId: 1 })
@modelOptions({ schemaOptions: { collection: 'registrants', versionKey: false } })
export class Registrant {
  /** The registration's id. */
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  eventId!: string;

  @prop({ required: true })
  userId!: string;

  @prop({ required: true })
  status!: 'CONFIRMED' | 'WAITLISTED' | 'OFFERED' | 'CANCELLED';

  /** For a cancellation: what it was before, and who cancelled (null: with its event). */
  @prop({ type: String, default: null })
  previousStatus!: string | null;

  @prop({ type: String, default: null })
  cancelledBy!: string | null;
}

export const RegistrantModel = getModelForClass(Registrant, {
  existingConnection: notificationsDb,
});
