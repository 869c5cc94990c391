import { IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { ArgsType, Directive, Field, Int, ObjectType } from 'type-graphql';

/** What the gateway's SSO callback kept in the browser's cookie, with the code the browser brought. */
@ArgsType()
export class ExchangeSsoCodeArgs {
  @Field()
  @Length(1, 2048)
  code!: string;

  @Field({ description: 'The PKCE verifier (RFC 7636: 43 to 128 unreserved characters)' })
  @Matches(/^[\w.~-]{43,128}$/, { message: '$property must be a PKCE code verifier' })
  codeVerifier!: string;

  @Field({ description: 'The redirect URI the authorization request named' })
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(2048)
  redirectUri!: string;

  @Field({ description: 'The nonce the authorization request named; the ID token must carry it' })
  @Length(1, 256)
  nonce!: string;
}

@ArgsType()
export class RefreshSsoTokensArgs {
  @Field()
  @Length(1, 8192)
  refreshToken!: string;
}

@Directive('@inaccessible')
@ObjectType({ description: 'Services only: the tokens of an SSO sign-in and who it proved to be' })
export class SsoSession {
  @Field()
  accessToken!: string;

  @Field()
  idToken!: string;

  @Field(() => String, { nullable: true, description: 'Null after a refresh that kept it' })
  refreshToken!: string | null;

  @Field(() => Int, { description: 'Access-token lifetime in seconds' })
  expiresIn!: number;

  @Field()
  tokenType!: string;

  @Field({ description: "The provider's subject (`sub`)" })
  subject!: string;

  @Field()
  email!: string;

  @Field()
  emailVerified!: boolean;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => [String], { description: "The provider's groups (`cognito:groups`)" })
  groups!: string[];
}
