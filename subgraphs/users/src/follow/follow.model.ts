import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { usersDb } from '../db';

/**
 * One document per follower → followee edge. The unique pair makes following
 * idempotent; the `_id`-ordered indexes serve both directions' pages and counts.
 */
@index({ follower: 1, followee: 1 }, { unique: true })
@index({ followee: 1, _id: 1 })
@index({ follower: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'follows', timestamps: { updatedAt: false } } })
export class Follow {
  readonly _id!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  follower!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  followee!: Types.ObjectId;

  readonly createdAt!: Date;
}

export const FollowModel = getModelForClass(Follow, { existingConnection: usersDb });
