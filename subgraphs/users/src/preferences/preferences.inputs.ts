import { IsOptional, IsTimeZone } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { IsLanguageTag, OmittableNotNull } from '@weace/service-kit';
import { ProfileVisibility, Theme } from './preferences.model';

@InputType({
  description: 'Left-out fields keep their value; null language or time zone clears it',
})
export class UpdatePreferencesInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsLanguageTag()
  language?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string | null;

  @Field(() => Theme, { nullable: true })
  @OmittableNotNull()
  theme?: Theme;

  @Field(() => ProfileVisibility, { nullable: true })
  @OmittableNotNull()
  profileVisibility?: ProfileVisibility;
}
