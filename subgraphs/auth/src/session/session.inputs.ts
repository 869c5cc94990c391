import { ArgsType, Field } from 'type-graphql';
import { IsAccountEmail, IsPasswordText, IsTokenText } from '../account.validators';

@ArgsType()
export class LoginArgs {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field()
  @IsPasswordText()
  password!: string;
}

@ArgsType()
export class CompleteNewPasswordArgs {
  @Field()
  @IsAccountEmail()
  email!: string;

  @Field({ description: 'The password an admin set, or the one the invitation carried' })
  @IsPasswordText()
  temporaryPassword!: string;

  @Field({ description: 'The password from now on; the password policy applies' })
  @IsPasswordText()
  newPassword!: string;
}

@ArgsType()
export class RefreshTokensArgs {
  @Field()
  @IsTokenText()
  refreshToken!: string;
}

@ArgsType()
export class LogoutArgs {
  @Field({ description: 'The access token of the session to end' })
  @IsTokenText()
  accessToken!: string;
}
