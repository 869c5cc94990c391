import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { IdentityUser } from '../identity/identity-provider';

/** Cognito's account states, as clients see them. */
export enum IdentityAccountStatus {
  UNCONFIRMED = 'UNCONFIRMED',
  CONFIRMED = 'CONFIRMED',
  FORCE_CHANGE_PASSWORD = 'FORCE_CHANGE_PASSWORD',
  RESET_REQUIRED = 'RESET_REQUIRED',
  EXTERNAL_PROVIDER = 'EXTERNAL_PROVIDER',
  ARCHIVED = 'ARCHIVED',
  COMPROMISED = 'COMPROMISED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(IdentityAccountStatus, {
  name: 'IdentityAccountStatus',
  description: "An account's state in the identity provider",
  valuesConfig: {
    UNCONFIRMED: { description: 'Signed up; the emailed code has not been confirmed yet' },
    FORCE_CHANGE_PASSWORD: { description: 'Created by an admin: completeNewPassword comes first' },
    RESET_REQUIRED: { description: 'Must reset the password with forgotPassword' },
  },
});

@ObjectType({ description: 'A sign-in account in the identity provider (its profile is a User)' })
export class IdentityAccount {
  @Field({ description: "The provider's subject (`sub`): User.subject of the profile" })
  subject!: string;

  @Field()
  email!: string;

  @Field({ description: 'A disabled account can neither log in nor refresh its tokens' })
  enabled!: boolean;

  @Field(() => IdentityAccountStatus)
  status!: IdentityAccountStatus;

  @Field(() => [String], { description: 'Group names, sorted; roles are derived from them' })
  groups!: string[];
}

export function identityAccountOf(user: IdentityUser): IdentityAccount {
  return {
    subject: user.sub,
    email: user.email,
    enabled: user.enabled,
    // Indexing by the provider's status keeps both lists the same words, at compile time.
    status: IdentityAccountStatus[user.status],
    groups: [...user.groups],
  };
}
