import { IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { ScoredEventType } from '../ledger/activities';
import { ScoredEvent } from './points-rule.model';

@InputType()
export class RuleConditionInput {
  @Field()
  @Length(1, 64)
  field!: string;

  @Field()
  @IsString()
  @Length(0, 200)
  equals!: string;
}

@InputType({
  description: 'Without `id`, a new rule; with it, that rule changed (future credit only)',
})
export class PointsRuleInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  id?: string | null;

  @Field()
  @Length(1, 100)
  name!: string;

  @Field(() => ScoredEvent)
  eventType!: ScoredEventType;

  @Field(() => Int)
  @IsInt()
  @Min(-10_000)
  @Max(10_000)
  points!: number;

  @Field(() => RuleConditionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  condition?: RuleConditionInput | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  capPerDay?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  capPerWeek?: number | null;

  @Field({ defaultValue: true })
  oncePerSubject!: boolean;

  @Field({ defaultValue: true })
  active!: boolean;
}
