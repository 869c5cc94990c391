import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { registerEnumType } from 'type-graphql';
import { engagementDb } from '../db';

export enum FeedbackSubjectType {
  COURSE = 'COURSE',
  SESSION = 'SESSION',
  EVENT = 'EVENT',
  COACH = 'COACH',
}
registerEnumType(FeedbackSubjectType, { name: 'FeedbackSubjectType' });

/** Something feedback can be given on, known from the events engagement consumes. */
@modelOptions({ schemaOptions: { collection: 'feedback_subjects' } })
export class FeedbackSubject {
  /** `<type>:<id>`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true, type: String, enum: FeedbackSubjectType })
  type!: FeedbackSubjectType;

  @prop({ required: true })
  subjectId!: string;

  /** The course's or event's title, the session's type; a coach's is their name (`participants`). */
  @prop({ default: '' })
  title!: string;
}

export const FeedbackSubjectModel = getModelForClass(FeedbackSubject, {
  existingConnection: engagementDb,
});

/**
 * A person took part in a subject (enrolled in the course, coachee of the
 * session or of the coach, checked in at the event): they may give feedback.
 */
@index({ person: 1 })
@modelOptions({ schemaOptions: { collection: 'participations' } })
export class Participation {
  /** `<type>:<id>:<person>`. */
  @prop({ required: true, type: String })
  _id!: string;

  @prop({ required: true })
  person!: string;

  @prop({ required: true, type: String, enum: FeedbackSubjectType })
  subjectType!: FeedbackSubjectType;

  @prop({ required: true })
  subjectId!: string;
}

export const ParticipationModel = getModelForClass(Participation, {
  existingConnection: engagementDb,
});

export const subjectKeyOf = (type: FeedbackSubjectType, id: string) => `${type}:${id}`;
