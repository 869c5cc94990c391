import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsOptional,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { Category } from '../notification/notification.model';
import { Channel } from '../preferences/preferences.model';

/** Most people one announcement may list by id. */
export const MAX_LISTED_RECIPIENTS = 10_000;

@InputType({ description: 'Exactly one of: userIds, role, department, eventId' })
export class AudienceInput {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LISTED_RECIPIENTS)
  userIds?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsIn(['ADMIN', 'COACH', 'ORGANIZER', 'LEARNER'])
  role?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  department?: string | null;

  @Field(() => ID, { nullable: true, description: 'The confirmed registrants of this event' })
  @IsOptional()
  @Length(1, 128)
  eventId?: string | null;
}

@InputType()
export class SendNotificationInput {
  @Field(() => AudienceInput)
  @ValidateNested()
  audience!: AudienceInput;

  @Field(() => Category, { defaultValue: Category.ANNOUNCEMENTS })
  category!: Category;

  @Field()
  @Length(1, 200)
  title!: string;

  @Field()
  @Length(1, 4000)
  body!: string;

  @Field(() => [Channel], {
    defaultValue: [Channel.IN_APP, Channel.EMAIL],
    description: 'IN_APP is always written',
  })
  @ArrayMaxSize(4)
  channels!: Channel[];

  @Field({ description: 'Sending again with the same key sends nothing more' })
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: '$property may hold letters, digits and . _ : -' })
  @MaxLength(100)
  @Length(8, 100)
  idempotencyKey!: string;
}
