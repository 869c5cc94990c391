import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';

@InputType()
export class LevelThresholdInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  threshold!: number;

  @Field()
  @Length(1, 60)
  name!: string;
}

@InputType({ description: 'Fields left out keep their value' })
export class UpdateEngagementSettingsInput {
  @Field({ nullable: true, description: 'IANA zone, e.g. Europe/Paris' })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  firstDayOfWeek?: number;

  @Field({ nullable: true })
  @IsOptional()
  streaksSkipWeekends?: boolean;

  @Field(() => [LevelThresholdInput], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  levels?: LevelThresholdInput[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100)
  privacyThreshold?: number;
}
