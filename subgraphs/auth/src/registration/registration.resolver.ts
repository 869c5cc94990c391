import { ServicesOnly } from '@weace/service-kit';
import { Args, Directive, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { ConfirmIdentityAccountArgs, CreateIdentityAccountArgs } from './registration.inputs';
import type { RegistrationService } from './registration.service';
import { RegisteredIdentity } from './registration.types';

/**
 * What the users service calls while someone registers (its `register` and
 * `confirmRegistration`). `@inaccessible`: not in the API clients see, and
 * FORBIDDEN for any caller that is not a service.
 */
@Resolver()
@UseMiddleware(ServicesOnly)
export class RegistrationResolver {
  constructor(private readonly registration: RegistrationService) {}

  @Directive('@inaccessible')
  @Mutation(() => RegisteredIdentity)
  createIdentityAccount(
    @Args() { email, password, name }: CreateIdentityAccountArgs,
  ): Promise<RegisteredIdentity> {
    return this.registration.createAccount(email, password, name ?? undefined);
  }

  @Directive('@inaccessible')
  @Mutation(() => Boolean)
  confirmIdentityAccount(@Args() { email, code }: ConfirmIdentityAccountArgs): Promise<boolean> {
    return this.registration.confirmAccount(email, code);
  }
}
