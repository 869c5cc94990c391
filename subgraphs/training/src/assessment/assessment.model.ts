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

export enum QuestionKind {
  SINGLE_CHOICE = 'SINGLE_CHOICE',
  MULTIPLE_CHOICE = 'MULTIPLE_CHOICE',
  TRUE_FALSE = 'TRUE_FALSE',
  SHORT_ANSWER = 'SHORT_ANSWER',
  NUMERIC = 'NUMERIC',
}
registerEnumType(QuestionKind, {
  name: 'QuestionKind',
  valuesConfig: {
    SINGLE_CHOICE: { description: 'Answer with one of `choices` in `choiceIds`' },
    MULTIPLE_CHOICE: { description: 'Answer with exactly the right `choiceIds` (all or nothing)' },
    TRUE_FALSE: { description: 'Answer `choiceIds: ["true"]` or `["false"]`' },
    SHORT_ANSWER: { description: 'Answer in `text`; case, accents and spacing do not matter' },
    NUMERIC: { description: 'Answer in `number`; right within the tolerance' },
  },
});

export enum GradingMethod {
  HIGHEST = 'HIGHEST',
  AVERAGE = 'AVERAGE',
  FIRST = 'FIRST',
  LAST = 'LAST',
}
registerEnumType(GradingMethod, {
  name: 'GradingMethod',
  description: "How a learner's submitted attempts make their grade",
});

@ObjectType({ description: 'An answer to pick' })
export class Choice {
  @Field(() => ID)
  @prop({ required: true })
  id!: string;

  @Field()
  @prop({ required: true })
  text!: string;
}

/** What makes an answer right; only authors and admins ever read it. */
@ObjectType({ description: 'The right answer (authors and admins only)' })
export class AnswerKey {
  @Field(() => [ID])
  @prop({ type: () => [String], default: () => [] })
  choiceIds!: string[];

  @Field(() => [String], { description: 'SHORT_ANSWER: accepted answers, compared normalised' })
  @prop({ type: () => [String], default: () => [] })
  acceptedAnswers!: string[];

  @Field(() => Float, { nullable: true })
  @prop({ type: Number, default: null })
  number!: number | null;

  @Field(() => Float, { description: 'NUMERIC: how far from `number` still counts' })
  @prop({ default: 0 })
  tolerance!: number;
}

@ObjectType()
export class Question {
  @Field(() => ID)
  @prop({ required: true })
  id!: string;

  @Field(() => QuestionKind)
  @prop({ required: true, type: String, enum: QuestionKind })
  kind!: QuestionKind;

  @Field()
  @prop({ required: true })
  prompt!: string;

  @Field(() => [Choice])
  @prop({ type: () => [Choice], _id: false, default: () => [] })
  choices!: Choice[];

  @Field(() => Float, { description: 'Weight in the score' })
  @prop({ default: 1 })
  points!: number;

  /** Answer keys are never sent to learners: `Assessment.questions` clears it for them. */
  @Field(() => AnswerKey, {
    nullable: true,
    description: 'Authors and admins only; null for others',
  })
  @prop({ type: () => AnswerKey, _id: false, required: true })
  key!: AnswerKey;
}

/**
 * The assessment of an ASSESSMENT lesson. `attempted` turns true with the
 * first attempt, in its transaction; from then on the questions are frozen
 * (updates are guarded on it).
 */
@ObjectType({ description: 'A graded quiz' })
@index({ lessonId: 1 }, { unique: true })
@modelOptions({ schemaOptions: { collection: 'assessments', timestamps: true } })
export class Assessment {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  lessonId!: Types.ObjectId;

  @Field(() => [Question])
  @prop({ type: () => [Question], _id: false, default: () => [] })
  questions!: Question[];

  @Field(() => Int, { description: 'Total attempts allowed; 0: unlimited' })
  @prop({ default: 0 })
  maxAttempts!: number;

  @Field(() => Int, { nullable: true })
  @prop({ type: Number, default: null })
  timeLimitMinutes!: number | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  opensAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @prop({ type: Date, default: null })
  closesAt!: Date | null;

  @Field(() => GradingMethod)
  @prop({ type: String, enum: GradingMethod, default: GradingMethod.HIGHEST })
  gradingMethod!: GradingMethod;

  @Field(() => Float, { description: 'A grade at or above it passes (0–100)' })
  @prop({ required: true })
  passMark!: number;

  @Field({ description: 'Somebody attempted it: its questions can no longer change' })
  @prop({ default: false })
  attempted!: boolean;
}

export type AssessmentDocument = DocumentType<Assessment>;

export const AssessmentModel = getModelForClass(Assessment, { existingConnection: trainingDb });
