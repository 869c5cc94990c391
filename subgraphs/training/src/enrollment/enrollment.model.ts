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

export enum EnrollmentStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(EnrollmentStatus, { name: 'EnrollmentStatus' });

export enum EnrollmentSource {
  SELF = 'SELF',
  ASSIGNED = 'ASSIGNED',
}
registerEnumType(EnrollmentSource, {
  name: 'EnrollmentSource',
  valuesConfig: {
    ASSIGNED: { description: 'An admin assigned the course, maybe with a due date' },
  },
});

/**
 * A person in a course for one certification cycle. At most one enrollment
 * per (person, course) is `current` (a unique partial index): enrolling
 * twice finds it, withdrawing or recertifying retires it, so the next one
 * starts fresh.
 */
@ObjectType({ description: "A person's place in a course, for one certification cycle" })
@index({ userId: 1, courseId: 1 }, { unique: true, partialFilterExpression: { current: true } })
@index({ userId: 1, _id: 1 })
@index({ courseId: 1, status: 1 })
@modelOptions({ schemaOptions: { collection: 'enrollments', timestamps: true } })
export class Enrollment {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  /** The learner's `User.id`. */
  @prop({ required: true })
  userId!: string;

  @Field(() => Int, {
    description: 'The certification cycle: 1, then one more per recertification',
  })
  @prop({ required: true })
  cycle!: number;

  @Field(() => EnrollmentStatus)
  @prop({ type: String, enum: EnrollmentStatus, default: EnrollmentStatus.ACTIVE })
  status!: EnrollmentStatus;

  @Field(() => EnrollmentSource)
  @prop({ required: true, type: String, enum: EnrollmentSource })
  source!: EnrollmentSource;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  dueAt!: Date | null;

  /** true while it is the person's enrollment in the course; unset once retired. */
  @prop({ type: Boolean, default: undefined })
  current?: boolean;

  @prop({ type: () => [Types.ObjectId], default: () => [] })
  completedLessonIds!: Types.ObjectId[];

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  completedAt!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: "The mean of the required assessments' grades at completion",
  })
  @prop({ type: Number, default: null })
  grade!: number | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  withdrawnAt!: Date | null;

  /** When `enrollment.overdue` was published; set once. */
  @prop({ type: Date, default: null })
  overdueAt!: Date | null;

  @Field()
  readonly createdAt!: Date;
}

export type EnrollmentDocument = DocumentType<Enrollment>;

export const EnrollmentModel = getModelForClass(Enrollment, { existingConnection: trainingDb });
