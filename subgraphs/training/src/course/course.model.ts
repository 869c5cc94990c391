import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { trainingDb } from '../db';

export enum CourseStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(CourseStatus, {
  name: 'CourseStatus',
  valuesConfig: {
    DRAFT: { description: 'Authors only' },
    PUBLISHED: { description: 'Visible to learners, open to enrollment in its window' },
    ARCHIVED: { description: 'Closed to new enrollments; certificates stay verifiable' },
  },
});

/**
 * A course. `requiredLessonIds` is kept with every lesson added (in the same
 * transaction), so an enrollment's progress needs the course alone.
 */
@ObjectType({ description: 'A course of modules and lessons' })
@Directive('@key(fields: "id")')
@index({ code: 1 }, { unique: true })
@index({ status: 1, _id: 1 })
@index({ instructorIds: 1 })
@modelOptions({ schemaOptions: { collection: 'courses', timestamps: true } })
export class Course {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field({ description: 'Unique, e.g. SEC-101' })
  @prop({ required: true, trim: true, uppercase: true })
  code!: string;

  @Field()
  @prop({ required: true, trim: true })
  title!: string;

  @Field()
  @prop({ type: String, default: '' })
  summary!: string;

  @Field(() => CourseStatus)
  @prop({ type: String, enum: CourseStatus, default: CourseStatus.DRAFT })
  status!: CourseStatus;

  /** `User.id`s of the COACHes and ORGANIZERs who author it. */
  @prop({ type: () => [String], default: () => [] })
  instructorIds!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Days a certificate stays valid; null: it never expires',
  })
  @prop({ type: Number, default: null })
  validityDays!: number | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  startsAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  endsAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Self-enrollment opens; null: at once' })
  @prop({ type: Date, default: null })
  enrollmentOpensAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Self-enrollment closes; null: never' })
  @prop({ type: Date, default: null })
  enrollmentClosesAt!: Date | null;

  /** Courses that must all be passed before self-enrollment. */
  @prop({ type: () => [Types.ObjectId], default: () => [] })
  prerequisiteIds!: Types.ObjectId[];

  @prop({ type: () => [Types.ObjectId], default: () => [] })
  requiredLessonIds!: Types.ObjectId[];

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  publishedAt!: Date | null;

  @Field()
  readonly createdAt!: Date;

  @Field()
  readonly updatedAt!: Date;
}

export type CourseDocument = DocumentType<Course>;

export const CourseModel = getModelForClass(Course, { existingConnection: trainingDb });
