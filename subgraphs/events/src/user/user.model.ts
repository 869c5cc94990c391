import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A person, owned by the users subgraph: here only their key, and the fields events adds. */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;
}

/** A reference the gateway resolves in users (names, emails). */
export function userRef(id: string): User {
  return { id };
}

export const userReference = {
  __resolveReference(reference: { id: string }): User {
    return userRef(reference.id);
  },
};
