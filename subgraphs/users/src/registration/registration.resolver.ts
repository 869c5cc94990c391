import { Arg, Args, Mutation, Resolver } from 'type-graphql';
import { User } from '../user/user.model';
import { ConfirmRegistrationArgs, RegisterInput } from './registration.inputs';
import type { RegistrationService } from './registration.service';

@Resolver()
export class RegistrationResolver {
  constructor(private readonly registration: RegistrationService) {}

  @Mutation(() => User, {
    description:
      'Signs a new person up: a PENDING profile and a sign-in account, activated by the emailed code (confirmRegistration). CONFLICT when the email is taken; BAD_USER_INPUT naming password and the rule it breaks',
  })
  register(@Arg('input') input: RegisterInput): Promise<User> {
    return this.registration.register(input);
  }

  @Mutation(() => User, {
    description:
      'Activates a registration with the emailed code. BAD_USER_INPUT naming code when it is wrong or expired',
  })
  confirmRegistration(@Args() { email, code }: ConfirmRegistrationArgs): Promise<User> {
    return this.registration.confirm(email, code);
  }
}
