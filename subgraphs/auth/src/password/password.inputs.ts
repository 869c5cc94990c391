import { ArgsType, Field } from 'type-graphql';
import {
  IsAccountEmail,
  IsPasswordText,
  IsTokenText,
  IsVerificationCode,
} from '../account.validators';

@ArgsType()
export class ForgotPasswordArgs {
  @Field()
  @IsAccountEmail()
  email!: string;
}

@ArgsType()
export class ConfirmForgotPasswordArgs {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field({ description: 'The code forgotPassword emailed' })
  @IsVerificationCode()
  code!: string;

  @Field({ description: 'The password policy applies' })
  @IsPasswordText()
  newPassword!: string;
}

@ArgsType()
export class ChangePasswordArgs {
  @Field({ description: 'The access token of the signed-in person' })
  @IsTokenText()
  accessToken!: string;

  @Field()
  @IsPasswordText()
  previousPassword!: string;

  @Field({ description: 'The password policy applies' })
  @IsPasswordText()
  proposedPassword!: string;
}
