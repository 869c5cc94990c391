import {
  type DocumentType,
  getModelForClass,
  index,
  modelOptions,
  prop,
} from '@typegoose/typegoose';
import { GraphQLRole, Role } from '@weace/service-kit';
import type { Types } from 'mongoose';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { usersDb } from '../db';
import { Preferences } from '../preferences/preferences.model';

export enum UserStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  DISABLED = 'DISABLED',
}
registerEnumType(UserStatus, {
  name: 'UserStatus',
  valuesConfig: {
    PENDING: { description: 'Registered, not yet confirmed' },
    DISABLED: { description: 'Kept, but may not sign in (the identity provider enforces it)' },
  },
});

/**
 * A person's profile. Federation entity by `id` (what other subgraphs store)
 * and by `subject` (what a verified token carries). Deleted users keep their
 * document with `deletedAt` set and vanish from every read.
 */
@ObjectType({ description: "A person's profile" })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "subject")')
@index({ email: 1 }, { unique: true })
@index({ subject: 1 }, { unique: true })
// Sparse: a profile with no linked identity has no such field, and is not indexed.
@index({ linkedSubjects: 1 }, { unique: true, sparse: true })
@modelOptions({ schemaOptions: { collection: 'users', timestamps: true } })
export class User {
  readonly _id!: Types.ObjectId;

  /** mongoose's `id` virtual: the `_id` as hex. */
  @Field(() => ID)
  readonly id!: string;

  @Field({ description: "The identity provider's subject (`sub`)" })
  @prop({ required: true, trim: true })
  subject!: string;

  /**
   * Further identities of the same person (an SSO sign-in linked by verified
   * email): they find this profile as its `subject` does, which never changes.
   */
  @prop({ type: () => [String], default: undefined })
  linkedSubjects?: string[];

  @Field()
  @prop({ required: true, trim: true, lowercase: true })
  email!: string;

  @Field()
  @prop({ required: true, trim: true })
  name!: string;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  avatarUrl!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null })
  bio!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null, trim: true })
  jobTitle!: string | null;

  @Field(() => String, { nullable: true })
  @prop({ type: String, default: null, trim: true })
  department!: string | null;

  @Field(() => String, { nullable: true, description: 'BCP-47 language tag, e.g. en-GB' })
  @prop({ type: String, default: null })
  locale!: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/London' })
  @prop({ type: String, default: null })
  timeZone!: string | null;

  @Field(() => [GraphQLRole], {
    description: "Mirrored from the identity provider's groups, so lists can filter by role",
  })
  @prop({ type: () => [String], enum: Role, default: () => [Role.Learner] })
  roles!: Role[];

  @Field(() => UserStatus)
  @prop({ type: String, enum: UserStatus, default: UserStatus.PENDING })
  status!: UserStatus;

  /** Exposed through the preferences resolver, which hides it from other people. */
  @prop({ type: () => Preferences, default: () => ({}) })
  preferences!: Preferences;

  @prop({ type: Date, default: null })
  deletedAt!: Date | null;

  @Field()
  readonly createdAt!: Date;

  @Field()
  readonly updatedAt!: Date;
}

export type UserDocument = DocumentType<User>;

export const UserModel = getModelForClass(User, { existingConnection: usersDb });

/** The filter every read adds: deleted users do not exist for clients. */
export const NOT_DELETED = { deletedAt: null } as const;

/** The filter of the profile an identity provider's subject signs in to: its own or a linked one. */
export function bySubject(subject: string) {
  return { $or: [{ subject }, { linkedSubjects: subject }] };
}

/** Whether a subject is this profile's own or one linked to it. */
export function isSubjectOf(user: Pick<User, 'subject' | 'linkedSubjects'>, subject: string) {
  return user.subject === subject || !!user.linkedSubjects?.includes(subject);
}
