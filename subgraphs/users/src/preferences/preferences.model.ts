import { modelOptions, prop } from '@typegoose/typegoose';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum Theme {
  LIGHT = 'LIGHT',
  DARK = 'DARK',
  SYSTEM = 'SYSTEM',
}
registerEnumType(Theme, { name: 'Theme' });

export enum ProfileVisibility {
  PUBLIC = 'PUBLIC',
  ORGANISATION = 'ORGANISATION',
  PRIVATE = 'PRIVATE',
}
registerEnumType(ProfileVisibility, {
  name: 'ProfileVisibility',
  description: 'Who finds the profile when listing or searching people',
  valuesConfig: {
    PUBLIC: {
      description:
        'Anyone, also outside the organisation; every read needs a sign-in today, so as ORGANISATION',
    },
    ORGANISATION: { description: 'Signed-in members of the organisation (the default)' },
    PRIVATE: { description: 'Nobody but admins finds it in `users` and `searchUsers`' },
  },
});

/**
 * Stored inside the user document: read with the profile in the same query
 * and written atomically with it; nothing ever lists preferences on their own.
 */
@ObjectType({ description: 'Visible to the user themself and to admins only' })
@modelOptions({ schemaOptions: { _id: false } })
export class Preferences {
  @Field(() => String, {
    nullable: true,
    description: 'Interface language (BCP-47); null: the profile locale',
  })
  @prop({ type: String, default: null })
  language!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone for showing times; null: the profile time zone',
  })
  @prop({ type: String, default: null })
  timeZone!: string | null;

  @Field(() => Theme)
  @prop({ type: String, enum: Theme, default: Theme.SYSTEM })
  theme!: Theme;

  @Field(() => ProfileVisibility)
  @prop({ type: String, enum: ProfileVisibility, default: ProfileVisibility.ORGANISATION })
  profileVisibility!: ProfileVisibility;
}
