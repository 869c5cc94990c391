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

export enum AttemptStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  SUBMITTED = 'SUBMITTED',
  ABANDONED = 'ABANDONED',
}
registerEnumType(AttemptStatus, {
  name: 'AttemptStatus',
  valuesConfig: {
    SUBMITTED: { description: 'Graded: by the learner, or at its deadline with what it had' },
    ABANDONED: { description: 'Its enrollment ended before it was submitted; it does not count' },
  },
});

@ObjectType({ description: 'An answer as the learner gave it' })
export class GivenAnswer {
  @Field(() => ID)
  @prop({ required: true })
  questionId!: string;

  @Field(() => [ID])
  @prop({ type: () => [String], default: () => [] })
  choiceIds!: string[];

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  text!: string | null;

  @Field(() => Float, { nullable: true })
  @prop({ type: Number, default: null })
  number!: number | null;
}

/**
 * One attempt at an assessment, numbered per (person, assessment, cycle):
 * the unique number caps attempts at `maxAttempts` under concurrency, and at
 * most one is IN_PROGRESS at a time (a unique partial index).
 */
@ObjectType({ description: 'One go at an assessment' })
@index({ userId: 1, assessmentId: 1, cycle: 1, number: 1 }, { unique: true })
@index(
  { userId: 1, assessmentId: 1, cycle: 1 },
  { unique: true, partialFilterExpression: { status: AttemptStatus.IN_PROGRESS } },
)
@modelOptions({ schemaOptions: { collection: 'attempts', timestamps: true } })
export class Attempt {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  assessmentId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  lessonId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  enrollmentId!: Types.ObjectId;

  @prop({ required: true })
  userId!: string;

  @prop({ required: true })
  cycle!: number;

  @Field(() => Int, { description: '1 for the first attempt' })
  @prop({ required: true })
  number!: number;

  @Field(() => AttemptStatus)
  @prop({ type: String, enum: AttemptStatus, default: AttemptStatus.IN_PROGRESS })
  status!: AttemptStatus;

  @Field(() => [GivenAnswer], { description: 'Saved so far, or as submitted' })
  @prop({ type: () => [GivenAnswer], _id: false, default: () => [] })
  answers!: GivenAnswer[];

  @Field(() => Float, { nullable: true, description: '0–100 once submitted' })
  @prop({ type: Number, default: null })
  score!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'This attempt alone reached the pass mark' })
  @prop({ type: Boolean, default: null })
  passed!: boolean | null;

  @Field()
  @prop({ required: true })
  startedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'min(start + time limit, assessment close); null: none',
  })
  @prop({ type: Date, default: null })
  deadline!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  submittedAt!: Date | null;

  @Field({ description: 'Submitted at its deadline rather than by the learner' })
  @prop({ default: false })
  autoSubmitted!: boolean;
}

export type AttemptDocument = DocumentType<Attempt>;

export const AttemptModel = getModelForClass(Attempt, { existingConnection: trainingDb });
