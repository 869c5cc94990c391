import {
  ArrayMaxSize,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  Min,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { Category } from '../notification/notification.model';
import { Channel } from './preferences.model';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

@InputType()
export class CategoryPreferenceInput {
  @Field(() => Category)
  category!: Category;

  @Field(() => [Channel])
  @ArrayMaxSize(4)
  channels!: Channel[];

  @Field({ defaultValue: false, description: 'Email in the daily digest instead of one by one' })
  digest: boolean = false;
}

@InputType()
export class QuietHoursInput {
  @Field()
  enabled!: boolean;

  @Field({ description: 'HH:MM, local' })
  @Matches(CLOCK, { message: '$property must be a time HH:MM' })
  start!: string;

  @Field({ description: 'HH:MM, local' })
  @Matches(CLOCK, { message: '$property must be a time HH:MM' })
  end!: string;
}

@InputType({
  description: 'Left-out fields keep their value; a listed category replaces its setting',
})
export class UpdateNotificationPreferencesInput {
  @Field(() => [Channel], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  channels?: Channel[] | null;

  @Field(() => [CategoryPreferenceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  categories?: CategoryPreferenceInput[] | null;

  @Field(() => QuietHoursInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  quietHours?: QuietHoursInput | null;

  @Field(() => Int, { nullable: true, description: 'Local hour 0-23 of the daily digest' })
  @IsOptional()
  @Min(0)
  @Max(23)
  digestHour?: number | null;
}

@InputType({ description: 'A browser PushSubscription (its JSON)' })
export class PushSubscriptionInput {
  @Field()
  @IsUrl({ protocols: ['https'], require_tld: false, require_protocol: true })
  @MaxLength(1000)
  endpoint!: string;

  @Field()
  @Matches(/^[A-Za-z0-9_-]{40,200}={0,2}$/, { message: '$property must be a base64url key' })
  p256dh!: string;

  @Field()
  @Matches(/^[A-Za-z0-9_-]{8,60}={0,2}$/, { message: '$property must be a base64url secret' })
  auth!: string;
}
