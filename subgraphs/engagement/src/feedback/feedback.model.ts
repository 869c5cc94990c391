import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { engagementDb } from '../db';
import { FeedbackSubjectType } from './participation.model';

/** One person's feedback on one subject; giving it again updates it. */
@ObjectType({ description: 'A response as administrators see it: no name attached' })
@index({ subjectType: 1, subjectId: 1, person: 1 }, { unique: true })
@index({ subjectType: 1, subjectId: 1, _id: 1 })
@index({ updatedAt: 1 })
@modelOptions({ schemaOptions: { collection: 'feedback', timestamps: true } })
export class Feedback {
  @Field(() => ID, { name: 'id' })
  readonly _id!: Types.ObjectId;

  /** `User.id`, or a pseudonym once the person was deleted. */
  @prop({ required: true })
  person!: string;

  @Field(() => FeedbackSubjectType)
  @prop({ required: true, type: String, enum: FeedbackSubjectType })
  subjectType!: FeedbackSubjectType;

  @Field(() => ID)
  @prop({ required: true })
  subjectId!: string;

  @Field(() => Int, { description: '0 (not at all likely to recommend) to 10' })
  @prop({ required: true })
  score!: number;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  comment!: string | null;

  @Field()
  readonly updatedAt!: Date;
}

export const FeedbackModel = getModelForClass(Feedback, { existingConnection: engagementDb });
