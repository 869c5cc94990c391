import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { NOT_BLANK, notBlank } from '../input';
import { GradingMethod, QuestionKind } from './assessment.model';

@InputType()
export class ChoiceInput {
  @Field()
  @Length(1, 500)
  text!: string;

  @Field({ defaultValue: false })
  correct!: boolean;
}

@InputType({ description: 'One question with its answer key; fill the fields its kind uses' })
export class QuestionInput {
  @Field(() => QuestionKind)
  kind!: QuestionKind;

  @Field()
  @Length(1, 2000)
  @Matches(NOT_BLANK, notBlank)
  prompt!: string;

  @Field(() => Float, { nullable: true, description: 'Default 1' })
  @IsOptional()
  @Min(0.01)
  @Max(1000)
  points?: number | null;

  @Field(() => [ChoiceInput], { nullable: true, description: 'SINGLE_ and MULTIPLE_CHOICE' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  choices?: ChoiceInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'TRUE_FALSE: the right answer' })
  correctAnswer?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'SHORT_ANSWER: accepted answers' })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, 500, { each: true })
  acceptedAnswers?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'NUMERIC: the right number' })
  number?: number | null;

  @Field(() => Float, { nullable: true, description: 'NUMERIC: allowed distance, default 0' })
  @IsOptional()
  @Min(0)
  tolerance?: number | null;
}

@InputType()
export class AssessmentInput {
  @Field(() => [QuestionInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  questions!: QuestionInput[];

  @Field(() => Int, { defaultValue: 0, description: 'Total attempts; 0: unlimited' })
  @Min(0)
  @Max(100)
  maxAttempts!: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(1)
  @Max(24 * 60)
  timeLimitMinutes?: number | null;

  @Field(() => Date, { nullable: true })
  opensAt?: Date | null;

  @Field(() => Date, { nullable: true })
  closesAt?: Date | null;

  @Field(() => GradingMethod, { defaultValue: GradingMethod.HIGHEST })
  gradingMethod!: GradingMethod;

  @Field(() => Float, { description: '0–100' })
  @Min(0)
  @Max(100)
  passMark!: number;
}

@InputType({
  description: 'An answer: `choiceIds`, `text` or `number`, whichever fits the question',
})
export class AnswerInput {
  @Field(() => ID)
  @Length(1, 64)
  questionId!: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  choiceIds?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  text?: string | null;

  @Field(() => Float, { nullable: true })
  number?: number | null;
}
