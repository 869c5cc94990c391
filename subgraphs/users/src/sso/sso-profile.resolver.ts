import { ServicesOnly } from '@weace/service-kit';
import { Args, Directive, Mutation, Resolver, UseMiddleware } from 'type-graphql';
import { User } from '../user/user.model';
import { SsoSignInArgs } from './sso-profile.args';
import type { SsoProfileService } from './sso-profile.service';

@Resolver()
export class SsoProfileResolver {
  constructor(private readonly profiles: SsoProfileService) {}

  /** The gateway's SSO callback calls this once the auth service has verified the sign-in. */
  @Directive('@inaccessible')
  @UseMiddleware(ServicesOnly)
  @Mutation(() => User, {
    description:
      'Services only: the profile of an SSO sign-in, found by subject, else linked by verified email, else created ACTIVE',
  })
  ssoSignIn(@Args() signIn: SsoSignInArgs): Promise<User> {
    return this.profiles.profileFor(signIn);
  }
}
