import { getModelForClass, index, modelOptions, prop } from '@typegoose/typegoose';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Types } from 'mongoose';
import { engagementDb } from '../db';
import { SCORED_EVENT_TYPES, type ScoredEventType } from '../ledger/activities';

export const ScoredEvent = Object.fromEntries(
  SCORED_EVENT_TYPES.map((type) => [type.replace('.', '_').toUpperCase(), type]),
) as Record<string, ScoredEventType>;
registerEnumType(ScoredEvent, {
  name: 'ScoredEvent',
  description: 'The domain events points rules can score',
});

@ObjectType({ description: 'Credit only when the event payload field equals the value' })
export class RuleCondition {
  @Field({ description: 'A payload field, e.g. `passed`' })
  @prop({ required: true })
  field!: string;

  @Field({ description: 'Compared with the field as text, e.g. `true`' })
  @prop({ required: true })
  equals!: string;
}

/**
 * How many points one domain event type earns. Changing a rule changes future
 * credit only; `recomputePoints` corrects the past with compensating entries,
 * and `version` (raised by every change of points) keys those corrections.
 */
@ObjectType()
@index(
  { defaultKey: 1 },
  { unique: true, partialFilterExpression: { defaultKey: { $type: 'string' } } },
)
@index({ eventType: 1, active: 1 })
@modelOptions({ schemaOptions: { collection: 'points_rules', timestamps: true } })
export class PointsRule {
  @Field(() => ID, { name: 'id' })
  readonly _id!: Types.ObjectId;

  @Field()
  @prop({ required: true })
  name!: string;

  @Field(() => ScoredEvent)
  @prop({ required: true, type: String })
  eventType!: ScoredEventType;

  @Field(() => Int)
  @prop({ required: true })
  points!: number;

  @Field(() => RuleCondition, { nullable: true })
  @prop({ type: () => RuleCondition, _id: false, default: null })
  condition!: RuleCondition | null;

  @Field(() => Int, { nullable: true, description: 'Most credits per person per local day' })
  @prop({ type: Number, default: null })
  capPerDay!: number | null;

  @Field(() => Int, { nullable: true, description: 'Most credits per person per local week' })
  @prop({ type: Number, default: null })
  capPerWeek!: number | null;

  @Field({ description: 'Credits a person once per subject (lesson, course, session, …)' })
  @prop({ required: true, default: true })
  oncePerSubject!: boolean;

  @Field()
  @prop({ required: true, default: true })
  active!: boolean;

  @Field(() => Int)
  @prop({ required: true, default: 1 })
  version!: number;

  /** Set on the rules engagement starts with, so they are created once. */
  @prop({ type: String, default: null })
  defaultKey!: string | null;
}

export const PointsRuleModel = getModelForClass(PointsRule, { existingConnection: engagementDb });

/** The rules every organisation starts with (issue #14). */
export const DEFAULT_RULES: readonly Pick<
  PointsRule,
  'name' | 'eventType' | 'points' | 'condition'
>[] = [
  { name: 'Lesson completed', eventType: 'lesson.completed', points: 10, condition: null },
  {
    name: 'Assessment passed',
    eventType: 'assessment.submitted',
    points: 30,
    condition: { field: 'passed', equals: 'true' },
  },
  { name: 'Course completed', eventType: 'course.completed', points: 100, condition: null },
  {
    name: 'Coaching session completed',
    eventType: 'session.completed',
    points: 40,
    condition: null,
  },
  { name: 'Event check-in', eventType: 'registration.checkedIn', points: 25, condition: null },
  { name: 'Feedback given', eventType: 'feedback.submitted', points: 5, condition: null },
];
