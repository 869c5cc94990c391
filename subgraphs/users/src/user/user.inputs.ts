import { GraphQLRole, PageArgs, Role } from '@weace/service-kit';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsOptional,
  IsTimeZone,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { IsLanguageTag, OmittableNotNull } from '@weace/service-kit';
import { UserStatus } from './user.model';

const NOT_BLANK = /\S/;
const notBlank = { message: '$property must not be blank' };

/**
 * The profile fields a person may clear: a field left out keeps its value,
 * `null` clears it.
 */
@InputType()
abstract class ClearableProfileFields {
  @Field(() => String, { nullable: true, description: 'An https:// image URL' })
  @IsOptional()
  @IsUrl(
    { protocols: ['https'], require_protocol: true },
    { message: '$property must be an https URL' },
  )
  @MaxLength(2048)
  avatarUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  bio?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank)
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank)
  department?: string | null;

  @Field(() => String, { nullable: true, description: 'BCP-47 language tag, e.g. en-GB' })
  @IsOptional()
  @IsLanguageTag()
  locale?: string | null;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/London' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;
}

@InputType({ description: 'What a person may change on their own profile' })
export class UpdateMyProfileInput extends ClearableProfileFields {
  @Field(() => String, { nullable: true, description: 'Left out: unchanged; cannot be null' })
  @OmittableNotNull()
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank)
  name?: string;
}

@InputType()
export class CreateUserInput extends ClearableProfileFields {
  @Field({ description: "The identity provider's subject (`sub`) of the account" })
  @Length(1, 128)
  subject!: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field()
  @Length(1, 100)
  @Matches(NOT_BLANK, notBlank)
  name!: string;

  @Field(() => [GraphQLRole], { nullable: true, description: 'LEARNER is always added' })
  @OmittableNotNull()
  @ArrayUnique()
  @ArrayMaxSize(Object.keys(Role).length)
  roles?: Role[];

  @Field(() => UserStatus, { nullable: true, description: 'Default: ACTIVE' })
  @OmittableNotNull()
  status?: UserStatus;
}

@InputType({ description: 'What an admin may change on anyone’s profile' })
export class UpdateUserInput extends UpdateMyProfileInput {
  @Field(() => String, { nullable: true })
  @OmittableNotNull()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Field(() => [GraphQLRole], { nullable: true })
  @OmittableNotNull()
  @ArrayUnique()
  @ArrayMaxSize(Object.keys(Role).length)
  roles?: Role[];

  @Field(() => UserStatus, { nullable: true })
  @OmittableNotNull()
  status?: UserStatus;
}

@InputType({ description: 'Every given criterion must match' })
export class UserFilter {
  @Field(() => UserStatus, { nullable: true })
  status?: UserStatus | null;

  @Field(() => String, { nullable: true, description: 'Exact department name' })
  @IsOptional()
  @MaxLength(100)
  department?: string | null;

  @Field(() => GraphQLRole, { nullable: true })
  role?: Role | null;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => UserFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: UserFilter | null;
}

@ArgsType()
export class SearchUsersArgs extends PageArgs {
  @Field({ description: 'Matched case-insensitively, literally, in name, email and department' })
  @Length(1, 100)
  query!: string;
}
