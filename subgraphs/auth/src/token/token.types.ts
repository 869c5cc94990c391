import { GraphQLRole, type Role } from '@weace/service-kit';
import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description: 'Whether a token is one of the identity provider’s, unexpired, and what it says',
})
export class TokenVerification {
  @Field({ description: 'Signature, issuer, client and expiry all check out' })
  valid!: boolean;

  @Field(() => String, { nullable: true, description: '`access` or `id`; null when not valid' })
  tokenUse!: string | null;

  @Field(() => String, { nullable: true, description: "The person's subject (`sub`)" })
  subject!: string | null;

  @Field(() => String, { nullable: true, description: 'In ID tokens' })
  email!: string | null;

  @Field(() => [GraphQLRole], {
    nullable: true,
    description: 'From the groups claim; LEARNER always among them',
  })
  roles!: Role[] | null;

  @Field(() => String, { nullable: true, description: 'The app client the token was issued to' })
  clientId!: string | null;

  @Field(() => String, { nullable: true })
  issuer!: string | null;

  @Field(() => Date, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;
}
