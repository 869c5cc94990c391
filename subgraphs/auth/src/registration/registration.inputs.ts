import { IsOptional, Length } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { IsAccountEmail, IsPasswordText, IsVerificationCode } from '../account.validators';

@ArgsType()
export class CreateIdentityAccountArgs {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field()
  @IsPasswordText()
  password!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;
}

@ArgsType()
export class ConfirmIdentityAccountArgs {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field({ description: 'The code the sign-up emailed' })
  @IsVerificationCode()
  code!: string;
}
