import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { trainingDb } from '../db';

/** A part of a course: its lessons are released with it unless they have a date of their own. */
@ObjectType('Module', { description: 'An ordered part of a course' })
@index({ courseId: 1, position: 1, _id: 1 })
@modelOptions({ schemaOptions: { collection: 'modules', timestamps: true } })
export class CourseModule {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  @Field()
  @prop({ required: true, trim: true })
  title!: string;

  @Field(() => Int, { description: 'Order within the course, from 0' })
  @prop({ required: true })
  position!: number;

  @Field(() => Date, { nullable: true, description: 'Hidden from learners until then' })
  @prop({ type: Date, default: null })
  releaseAt!: Date | null;
}

export type CourseModuleDocument = DocumentType<CourseModule>;

export const CourseModuleModel = getModelForClass(CourseModule, {
  existingConnection: trainingDb,
});

export enum LessonKind {
  CONTENT = 'CONTENT',
  ASSESSMENT = 'ASSESSMENT',
  EVENT = 'EVENT',
}
registerEnumType(LessonKind, {
  name: 'LessonKind',
  valuesConfig: {
    CONTENT: { description: 'Text and/or a video; completed by the learner' },
    ASSESSMENT: { description: 'Completed when its assessment is passed' },
    EVENT: { description: 'Completed by checking in at the linked event' },
  },
});

@ObjectType({ description: 'An ordered lesson of a module' })
@index({ moduleId: 1, position: 1, _id: 1 })
@index({ courseId: 1 })
@index({ eventId: 1 }, { sparse: true })
@modelOptions({ schemaOptions: { collection: 'lessons', timestamps: true } })
export class Lesson {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @prop({ required: true, type: Types.ObjectId })
  courseId!: Types.ObjectId;

  @prop({ required: true, type: Types.ObjectId })
  moduleId!: Types.ObjectId;

  @Field()
  @prop({ required: true, trim: true })
  title!: string;

  @Field(() => Int, { description: 'Order within the module, from 0' })
  @prop({ required: true })
  position!: number;

  @Field(() => LessonKind)
  @prop({ required: true, type: String, enum: LessonKind })
  kind!: LessonKind;

  @Field({ description: 'Counts towards progress and completion' })
  @prop({ default: true })
  required!: boolean;

  @prop({ type: Date, default: null })
  releaseAt!: Date | null;

  /** CONTENT: the text, shown to authors and enrolled learners once released. */
  @prop({ type: String, default: null })
  body!: string | null;

  @prop({ type: String, default: null })
  videoUrl!: string | null;

  /** EVENT: the events subgraph's `Event.id`. */
  @Field(() => ID, { nullable: true, description: 'EVENT lessons: the event to check in at' })
  @prop({ type: String, default: undefined })
  eventId?: string;
}

export type LessonDocument = DocumentType<Lesson>;

export const LessonModel = getModelForClass(Lesson, { existingConnection: trainingDb });

/** A lesson's release: its own date, else its module's. */
export function releaseOf(lesson: Lesson, module: Pick<CourseModule, 'releaseAt'>): Date | null {
  return lesson.releaseAt ?? module.releaseAt;
}
