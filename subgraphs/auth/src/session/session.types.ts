import { Field, Int, ObjectType } from 'type-graphql';
import { User } from './user.reference';

@ObjectType({ description: 'The tokens of a signed-in session' })
export class AuthPayload {
  @Field({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken!: string;

  @Field({ description: "OpenID Connect ID token: the person's claims, for the app" })
  idToken!: string;

  @Field({ description: 'Gets new access and ID tokens with refreshTokens, until logout' })
  refreshToken!: string;

  @Field(() => Int, { description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @Field({ description: 'Always `Bearer`' })
  tokenType!: string;

  @Field(() => User, {
    nullable: true,
    description:
      'The signed-in person; their profile comes from users. Null while the account has no profile ' +
      '(an account an admin created in the identity provider only): the tokens are still valid',
  })
  user!: User | null;
}
