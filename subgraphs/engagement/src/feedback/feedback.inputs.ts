import { IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ForwardPageArgs } from '@weace/service-kit';
import { FeedbackSubjectType } from './participation.model';

@InputType()
export class SubmitFeedbackInput {
  @Field(() => FeedbackSubjectType)
  subjectType!: FeedbackSubjectType;

  @Field(() => ID)
  @Length(1, 128)
  subjectId!: string;

  @Field(() => Int, { description: '0 to 10' })
  @IsInt()
  @Min(0)
  @Max(10)
  score!: number;

  @Field(() => String, { nullable: true, description: 'Seen by administrators only' })
  @IsOptional()
  @MaxLength(2000)
  comment?: string | null;
}

@ArgsType()
export class FeedbackSubjectArgs {
  @Field(() => FeedbackSubjectType)
  subjectType!: FeedbackSubjectType;

  @Field(() => ID)
  @Length(1, 128)
  subjectId!: string;
}

@ArgsType()
export class FeedbackResponsesArgs extends ForwardPageArgs {
  @Field(() => FeedbackSubjectType)
  subjectType!: FeedbackSubjectType;

  @Field(() => ID)
  @Length(1, 128)
  subjectId!: string;
}
