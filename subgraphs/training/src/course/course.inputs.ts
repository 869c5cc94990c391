import { PageArgs } from '@weace/service-kit';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { OmittableNotNull } from '@weace/service-kit';
import { IsObjectId, NOT_BLANK, notBlank } from '../input';
import { CourseStatus } from './course.model';

/** The course fields authors may clear or leave out. */
@InputType()
abstract class CourseFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  summary?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'User ids of COACHes and ORGANIZERs; a non-admin author is always one',
  })
  @OmittableNotNull()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsObjectId(true)
  instructorIds?: string[];

  @Field(() => Int, { nullable: true, description: 'Certificate validity in days; null: forever' })
  @IsOptional()
  @Min(1)
  @Max(3650)
  validityDays?: number | null;

  @Field(() => Date, { nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  endsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  enrollmentOpensAt?: Date | null;

  @Field(() => Date, { nullable: true })
  enrollmentClosesAt?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Courses that must all be passed first' })
  @OmittableNotNull()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsObjectId(true)
  prerequisiteIds?: string[];
}

@InputType()
export class CreateCourseInput extends CourseFields {
  @Field({ description: 'Unique; letters, digits and dashes, e.g. SEC-101' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/, {
    message: '$property must be 2–32 letters, digits or dashes',
  })
  code!: string;

  @Field()
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank)
  title!: string;
}

@InputType()
export class UpdateCourseInput extends CourseFields {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @Length(1, 200)
  @Matches(NOT_BLANK, notBlank)
  title?: string;
}

@InputType({ description: 'Every given criterion must match' })
export class CourseFilter {
  @Field(() => CourseStatus, { nullable: true, description: 'Learners only ever see PUBLISHED' })
  status?: CourseStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Only courses I instruct' })
  instructing?: boolean | null;
}

@ArgsType()
export class CoursesArgs extends PageArgs {
  @Field(() => CourseFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CourseFilter | null;
}
