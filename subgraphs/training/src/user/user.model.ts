import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The users subgraph's `User`, to which training adds the person's
 * enrollments and certificates; also how instructors and holders are named.
 */
@ObjectType('User')
@Directive('@key(fields: "id")')
export class UserRef {
  @Field(() => ID)
  id!: string;
}

export const userRef = (id: string): UserRef => ({ id });

/** `_entities` lookups of `User` need nothing from training's database: the id is all there is. */
export const userReference = {
  __resolveReference(reference: { id: string }): UserRef {
    return userRef(reference.id);
  },
};
