import { GraphQLRole, Role } from '@weace/service-kit';
import { ArrayMaxSize, ArrayUnique, IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';

/** The verified claims of an SSO sign-in, as the auth service read them from the ID token. */
@ArgsType()
export class SsoSignInArgs {
  @Field({ description: "The identity provider's subject (`sub`)" })
  @Length(1, 128)
  subject!: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ description: 'Whether the provider vouches that the person owns the email' })
  emailVerified!: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  name?: string | null;

  @Field(() => [GraphQLRole], { description: "The provider's groups; LEARNER is always added" })
  @ArrayUnique()
  @ArrayMaxSize(Object.keys(Role).length)
  roles!: Role[];
}
