import { Directive, Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An account just signed up; it works once its email is confirmed' })
@Directive('@inaccessible')
export class RegisteredIdentity {
  @Field({ description: "The provider's subject (`sub`): the profile's User.subject" })
  subject!: string;

  @Field({ description: 'False until the emailed code is confirmed' })
  confirmed!: boolean;
}
