import { Args, Mutation, Resolver } from 'type-graphql';
import {
  ChangePasswordArgs,
  ConfirmForgotPasswordArgs,
  ForgotPasswordArgs,
} from './password.inputs';
import type { PasswordService } from './password.service';

@Resolver()
export class PasswordResolver {
  constructor(private readonly passwords: PasswordService) {}

  @Mutation(() => Boolean, {
    description:
      'Emails a reset code if the account exists. Always true: the answer does not tell whether it does',
  })
  forgotPassword(@Args() { email }: ForgotPasswordArgs): Promise<boolean> {
    return this.passwords.forgotPassword(email);
  }

  @Mutation(() => Boolean, {
    description:
      'Sets a new password with the emailed code. BAD_USER_INPUT naming code or newPassword (with the broken rule)',
  })
  confirmForgotPassword(
    @Args() { email, code, newPassword }: ConfirmForgotPasswordArgs,
  ): Promise<boolean> {
    return this.passwords.confirmForgotPassword(email, code, newPassword);
  }

  @Mutation(() => Boolean, {
    description: 'Changes the password of the access token’s owner, who must know the previous one',
  })
  changePassword(
    @Args() { accessToken, previousPassword, proposedPassword }: ChangePasswordArgs,
  ): Promise<boolean> {
    return this.passwords.changePassword(accessToken, previousPassword, proposedPassword);
  }
}
