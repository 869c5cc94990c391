import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import type { Types } from 'mongoose';
import { coachingDb } from '../db';

/**
 * Company-funded sessions an ADMIN granted to a person. `remaining` is what
 * booking spends: a guarded `$inc` (`remaining > 0`, still valid), never a
 * read then a write.
 */
@index({ userId: 1, validUntil: 1 })
@modelOptions({ schemaOptions: { collection: 'coaching_packages', timestamps: true } })
export class CoachingPackage {
  readonly _id!: Types.ObjectId;

  @prop({ required: true })
  userId!: string;

  @prop({ required: true })
  sessions!: number;

  @prop({ required: true, default: 0 })
  used!: number;

  @prop({ required: true })
  remaining!: number;

  @prop({ required: true })
  validUntil!: Date;

  @prop({ required: true })
  grantedBy!: string;
}

export type CoachingPackageDocument = DocumentType<CoachingPackage>;

export const CoachingPackageModel = getModelForClass(CoachingPackage, {
  existingConnection: coachingDb,
});
