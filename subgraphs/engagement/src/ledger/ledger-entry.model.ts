import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Types } from 'mongoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { engagementDb } from '../db';
import { SubjectKind } from './activities';

export enum EntryKind {
  /** Credited by a points rule for a domain event. */
  RULE = 'RULE',
  /** Awarded (or taken) by an administrator, with a reason. */
  MANUAL = 'MANUAL',
  /** Compensates an earlier rule credit after the rule changed (`recomputePoints`). */
  CORRECTION = 'CORRECTION',
}
registerEnumType(EntryKind, { name: 'PointsEntryKind' });

@ObjectType({ description: 'What a ledger entry is about' })
export class EntrySubject {
  @Field(() => SubjectKind)
  @prop({ required: true, type: String, enum: SubjectKind })
  kind!: SubjectKind;

  @Field(() => ID)
  @prop({ required: true })
  id!: string;

  @Field()
  @prop({ required: true })
  title!: string;
}

/**
 * Append-only: entries are never edited or deleted (a user's deletion only
 * replaces `person` with a pseudonym). Totals, levels, streaks and boards are
 * all derived from it, so it explains and recomputes every number.
 */
@ObjectType('PointsEntry')
// A redelivered or raced domain event credits once per rule.
@index(
  { sourceEventId: 1, rule: 1 },
  { unique: true, partialFilterExpression: { sourceEventId: { $type: 'string' } } },
)
// Once-per-subject rules: a lesson completed again, a second attempt, feedback updated earn nothing more.
@index(
  { person: 1, rule: 1, subjectKey: 1 },
  { unique: true, partialFilterExpression: { once: true } },
)
@index({ person: 1, _id: -1 })
@index({ person: 1, rule: 1, occurredAt: 1 })
@index({ person: 1, activity: 1, occurredAt: 1 })
@index({ rule: 1, kind: 1 })
@index({ occurredAt: 1 })
@modelOptions({ schemaOptions: { collection: 'ledger', timestamps: { updatedAt: false } } })
export class LedgerEntry {
  @Field(() => ID, { name: 'id' })
  readonly _id!: Types.ObjectId;

  /** `User.id`, or a pseudonym once the person was deleted. */
  @prop({ required: true })
  person!: string;

  @Field(() => Int, { description: 'Negative for corrections' })
  @prop({ required: true })
  points!: number;

  @Field(() => EntryKind)
  @prop({ required: true, type: String, enum: EntryKind })
  kind!: EntryKind;

  @prop({ type: Types.ObjectId, default: null })
  rule!: Types.ObjectId | null;

  /** The scored event type, or `manual`. */
  @prop({ required: true })
  activity!: string;

  @Field({ description: 'In plain words: "Completed lesson \'Giving feedback\'"' })
  @prop({ required: true })
  reason!: string;

  @Field(() => EntrySubject, { nullable: true })
  @prop({ type: () => EntrySubject, _id: false, default: null })
  subject!: EntrySubject | null;

  /** `<kind>:<id>` of the subject, for the once-per-subject index. */
  @prop({ type: String, default: null })
  subjectKey!: string | null;

  /** Only on entries of once-per-subject rules (the partial unique index's filter). */
  @prop({ type: Boolean })
  once?: true;

  @Field(() => String, {
    nullable: true,
    description: 'The domain event it came from (a correction: the recompute that wrote it)',
  })
  @prop({ type: String, default: null })
  sourceEventId!: string | null;

  @Field()
  @prop({ required: true })
  occurredAt!: Date;

  /** The administrator who awarded it (manual entries). */
  @prop({ type: String, default: null })
  awardedBy!: string | null;

  readonly createdAt!: Date;
}

export const LedgerEntryModel = getModelForClass(LedgerEntry, { existingConnection: engagementDb });
