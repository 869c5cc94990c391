import { GraphQLRole, Role } from '@weace/service-kit';
import { ArrayMaxSize, ArrayUnique, IsOptional, Length } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { IsAccountEmail, IsPasswordText } from '../account.validators';

@InputType()
export class AdminCreateUserInput {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Default: one the provider generates, which only the invitation carries',
  })
  @IsOptional()
  @IsPasswordText()
  temporaryPassword?: string | null;

  @Field({ defaultValue: false, description: 'Email an invitation with the temporary password' })
  sendInvitation!: boolean;
}

@ArgsType()
export class AccountArgs {
  @Field({ description: "The account's email or subject" })
  @Length(1, 254)
  username!: string;
}

@ArgsType()
export class AdminSetPasswordArgs extends AccountArgs {
  @Field()
  @IsPasswordText()
  password!: string;

  @Field({
    defaultValue: false,
    description: 'false: the person must choose a new one at next login (completeNewPassword)',
  })
  permanent!: boolean;
}

@ArgsType()
export class AdminSetUserEnabledArgs extends AccountArgs {
  @Field()
  enabled!: boolean;
}

@ArgsType()
export class AdminSetUserGroupsArgs extends AccountArgs {
  @Field(() => [GraphQLRole], { description: 'Exactly these; the others are removed' })
  @ArrayUnique()
  @ArrayMaxSize(Object.keys(Role).length)
  groups!: Role[];
}
