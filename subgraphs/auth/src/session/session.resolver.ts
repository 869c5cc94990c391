import type { ServiceContext } from '@weace/service-kit';
import { Args, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  CompleteNewPasswordArgs,
  LoginArgs,
  LogoutArgs,
  RefreshTokensArgs,
} from './session.inputs';
import type { SessionService } from './session.service';
import { AuthPayload } from './session.types';

@Resolver()
export class SessionResolver {
  constructor(private readonly sessions: SessionService) {}

  @Mutation(() => AuthPayload, {
    description:
      'Signs in with email and password. UNAUTHENTICATED alike for a wrong password and an unknown email; RATE_LIMITED after repeated failures',
  })
  login(
    @Args() { email, password }: LoginArgs,
    @Ctx() context: ServiceContext,
  ): Promise<AuthPayload> {
    return this.sessions.login(email, password, context.clientIp);
  }

  @Mutation(() => AuthPayload, {
    description:
      'First sign-in of an account created by an admin: replaces its temporary password (login answers FORBIDDEN with reason NEW_PASSWORD_REQUIRED for it)',
  })
  completeNewPassword(
    @Args() { email, temporaryPassword, newPassword }: CompleteNewPasswordArgs,
    @Ctx() context: ServiceContext,
  ): Promise<AuthPayload> {
    return this.sessions.completeNewPassword(
      email,
      temporaryPassword,
      newPassword,
      context.clientIp,
    );
  }

  @Mutation(() => AuthPayload, {
    description: 'New access and ID tokens for a refresh token, which comes back unchanged',
  })
  refreshTokens(@Args() { refreshToken }: RefreshTokensArgs): Promise<AuthPayload> {
    return this.sessions.refresh(refreshToken);
  }

  @Mutation(() => Boolean, {
    description:
      'Signs the access token’s owner out everywhere: all their refresh tokens are revoked; access tokens expire on their own within the hour',
  })
  logout(@Args() { accessToken }: LogoutArgs): Promise<boolean> {
    return this.sessions.logout(accessToken);
  }
}
