import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * The person tokens were issued to, as a reference the users subgraph
 * resolves: the gateway fetches the profile from there by `subject`.
 */
@ObjectType()
@Directive('@key(fields: "subject", resolvable: false)')
export class User {
  @Field({ description: "The identity provider's subject (`sub`)" })
  subject!: string;
}
