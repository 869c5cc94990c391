import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Aggregation, BadgeMetric, BadgePeriod } from './badge.model';

@InputType()
export class BadgeCriterionInput {
  @Field(() => BadgeMetric)
  metric!: BadgeMetric;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  threshold!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  windowDays?: number | null;
}

@InputType({ description: 'Without `id`, a new badge; with it, that badge changed' })
export class BadgeInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  id?: string | null;

  @Field()
  @Length(1, 100)
  name!: string;

  @Field({ defaultValue: '' })
  @MaxLength(500)
  description!: string;

  @Field(() => [BadgeCriterionInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  criteria!: BadgeCriterionInput[];

  @Field(() => Aggregation, { defaultValue: Aggregation.ALL })
  aggregation!: Aggregation;

  @Field(() => BadgePeriod, { defaultValue: BadgePeriod.ONCE })
  period!: BadgePeriod;

  @Field({ defaultValue: true })
  active!: boolean;
}
