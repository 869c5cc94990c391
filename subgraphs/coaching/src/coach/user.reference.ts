import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The users subgraph's person, as coaching knows them: by `User.id`, with `coachProfile` added. */
@ObjectType()
@Directive('@key(fields: "id")')
export class User {
  @Field(() => ID)
  id!: string;
}

/** Any `User.id` resolves here: the fields coaching adds say null when it knows nothing of the person. */
export const userReference = {
  __resolveReference(reference: { id: string }): User {
    return { id: reference.id };
  },
};
