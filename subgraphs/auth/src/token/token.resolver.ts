import { Args, Query, Resolver } from 'type-graphql';
import { VerifyTokenArgs } from './token.inputs';
import type { TokenService } from './token.service';
import { TokenVerification } from './token.types';

@Resolver()
export class TokenResolver {
  constructor(private readonly tokens: TokenService) {}

  @Query(() => TokenVerification, {
    description: 'Checks an access or ID token of the identity provider and reads its claims',
  })
  verifyToken(@Args() { token }: VerifyTokenArgs): Promise<TokenVerification> {
    return this.tokens.verifyToken(token);
  }
}
