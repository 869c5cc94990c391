import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { coachingDb } from '../db';

export enum NoteVisibility {
  PRIVATE = 'PRIVATE',
  SHARED = 'SHARED',
}
registerEnumType(NoteVisibility, {
  name: 'NoteVisibility',
  valuesConfig: {
    PRIVATE: { description: 'Its author alone reads it; nobody else, ADMIN included' },
    SHARED: { description: "The session's coach and coachee read it" },
  },
});

/** A note on a session. Its body never leaves this collection except to a reader allowed here. */
@ObjectType()
@index({ sessionId: 1, _id: 1 })
@index({ authorId: 1 })
@modelOptions({ schemaOptions: { collection: 'session_notes', timestamps: true } })
export class SessionNote {
  readonly _id!: Types.ObjectId;

  @Field(() => ID)
  readonly id!: string;

  @Field(() => ID)
  @prop({ required: true, type: Types.ObjectId })
  sessionId!: Types.ObjectId;

  @Field(() => ID, { description: "The author's User.id" })
  @prop({ required: true })
  authorId!: string;

  @Field()
  @prop({ required: true })
  body!: string;

  @Field(() => NoteVisibility)
  @prop({ required: true, type: String, enum: NoteVisibility })
  visibility!: NoteVisibility;

  @Field()
  readonly createdAt!: Date;

  @Field()
  readonly updatedAt!: Date;
}

export type SessionNoteDocument = DocumentType<SessionNote>;

export const SessionNoteModel = getModelForClass(SessionNote, { existingConnection: coachingDb });
