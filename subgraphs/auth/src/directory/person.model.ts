import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { authDb } from '../db';

/**
 * What auth knows of a person with a profile, kept from the users service's
 * `user.*` events: enough to name them by `User.id` in what auth publishes.
 */
@index({ subject: 1 })
@index({ email: 1 })
@modelOptions({ schemaOptions: { collection: 'people', versionKey: false } })
export class Person {
  /** Their `User.id`. */
  @prop({ required: true, type: String })
  _id!: string;

  /** The identity provider's subject of their account. */
  @prop({ required: true, type: String })
  subject!: string;

  @prop({ required: true, type: String })
  email!: string;
}

export const PersonModel = getModelForClass(Person, { existingConnection: authDb });
