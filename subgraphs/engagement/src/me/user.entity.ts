import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The users subgraph's `User`, which engagement adds `engagement` to and names on boards. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;
}

export const userReference = {
  __resolveReference(reference: { id: string }): User {
    return { id: reference.id };
  },
};
