import { IsOptional, IsUrl, Length, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NOT_BLANK, notBlank } from '../input';
import { LessonKind } from './content.model';

@InputType()
export class ModuleInput {
  @Field()
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank)
  title!: string;

  @Field(() => Int, { nullable: true, description: 'Default: after the last module' })
  @IsOptional()
  @Min(0)
  position?: number | null;

  @Field(() => Date, { nullable: true, description: 'Hidden from learners until then' })
  releaseAt?: Date | null;
}

@InputType()
export class LessonInput {
  @Field()
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank)
  title!: string;

  @Field(() => LessonKind)
  kind!: LessonKind;

  @Field(() => Int, { nullable: true, description: 'Default: after the last lesson' })
  @IsOptional()
  @Min(0)
  position?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true' })
  required?: boolean | null;

  @Field(() => Date, { nullable: true, description: "Default: the module's release" })
  releaseAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'CONTENT: the text' })
  @IsOptional()
  @MaxLength(100_000)
  body?: string | null;

  @Field(() => String, { nullable: true, description: 'CONTENT: an https video URL' })
  @IsOptional()
  @IsUrl(
    { protocols: ['https'], require_protocol: true },
    { message: '$property must be an https URL' },
  )
  @MaxLength(2048)
  videoUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'EVENT: the event to check in at (required)' })
  @ValidateIf((input: LessonInput) => input.kind === LessonKind.EVENT)
  @Length(1, 128, { message: 'eventId is required for an EVENT lesson' })
  eventId?: string | null;
}
