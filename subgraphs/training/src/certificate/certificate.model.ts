import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { trainingDb } from '../db';

export enum CertificateStatus {
  ISSUED = 'ISSUED',
  REVOKED = 'REVOKED',
}
registerEnumType(CertificateStatus, { name: 'CertificateStatus' });

/**
 * One per (person, course, certification cycle), by a unique index: however
 * many completions race, one certificate. Holder name, course title and
 * grade are copied at issue and never change.
 */
@ObjectType({ description: 'Proof of a completed course, verifiable by its code' })
@index({ userId: 1, courseId: 1, cycle: 1 }, { unique: true })
@index({ verificationCode: 1 }, { unique: true })
@index({ userId: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'certificates', timestamps: true } })
export class Certificate {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true })
  userId!: string;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  enrollmentId!: Types.ObjectId;

  @Field(() => Int)
  @prop({ required: true })
  cycle!: number;

  @Field({ description: '32 hexadecimal characters; anyone can verify it' })
  @prop({ required: true })
  verificationCode!: string;

  @Field()
  @prop({ required: true })
  holderName!: string;

  @Field()
  @prop({ required: true })
  courseTitle!: string;

  @Field(() => Float, { nullable: true })
  @prop({ type: Number, default: null })
  grade!: number | null;

  @Field()
  @prop({ required: true })
  issuedAt!: Date;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  expiresAt!: Date | null;

  @Field(() => CertificateStatus)
  @prop({ type: String, enum: CertificateStatus, default: CertificateStatus.ISSUED })
  status!: CertificateStatus;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  revokedAt!: Date | null;

  /** The admin's `User.id`. */
  @prop({ type: String, default: null })
  revokedBy!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  revocationReason!: string | null;
}

export type CertificateDocument = DocumentType<Certificate>;

export const CertificateModel = getModelForClass(Certificate, { existingConnection: trainingDb });
