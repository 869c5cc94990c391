import { ArrayMaxSize, IsOptional, IsTimeZone, Length, Matches, MaxLength } from 'class-validator';
import { PageArgs } from '@weace/service-kit';
import { ArgsType, Field, InputType } from 'type-graphql';

@InputType()
export class CoachProfileInput {
  @Field({ defaultValue: '' })
  @MaxLength(2000)
  bio!: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @Length(1, 60, { each: true })
  expertise!: string[];

  @Field(() => [String], { defaultValue: [], description: 'BCP-47 tags, e.g. en, fr-CA' })
  @ArrayMaxSize(10)
  @Matches(/^[a-z]{2,3}(-[A-Z]{2})?$/, { each: true, message: '$property must be BCP-47 tags' })
  languages!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'IANA zone; default UTC for a new profile, unchanged otherwise',
  })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;

  @Field({ defaultValue: true, description: 'Inactive coaches are not listed nor bookable' })
  active!: boolean;
}

@InputType()
export class CoachFilter {
  @Field(() => String, { nullable: true, description: 'Coaches with this expertise' })
  @IsOptional()
  @Length(1, 60)
  expertise?: string | null;

  @Field(() => String, { nullable: true, description: 'Coaches coaching in this language' })
  @IsOptional()
  @Length(2, 10)
  language?: string | null;
}

@ArgsType()
export class CoachesArgs extends PageArgs {
  @Field(() => CoachFilter, { nullable: true })
  @IsOptional()
  filter?: CoachFilter | null;
}
