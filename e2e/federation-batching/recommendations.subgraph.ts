import { getModelForClass, prop } from '@typegoose/typegoose';
import { type SubgraphDefinition, serviceDatabase } from '@weace/service-kit';
import type { Types } from 'mongoose';
import { Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';

/**
 * A scenario subgraph: each recommendation points at a User owned by the
 * users subgraph, so listing many of them makes the gateway resolve many
 * User references at once — the shape of every cross-domain list in the
 * product (enrollments → learner, bookings → coach, …).
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
class UserReference {
  @Field(() => ID)
  id!: string;
}

class RecommendationDocument {
  readonly _id!: Types.ObjectId;

  @prop({ required: true })
  title!: string;

  @prop({ required: true })
  recommendedById!: string;
}

export const RecommendationModel = getModelForClass(RecommendationDocument, {
  existingConnection: serviceDatabase('recommendations'),
  schemaOptions: { collection: 'recommendations' },
});

@ObjectType()
class Recommendation {
  @Field()
  title!: string;

  @Field(() => UserReference)
  recommendedBy!: UserReference;
}

@Resolver()
class RecommendationResolver {
  @Query(() => [Recommendation])
  async recommendations(): Promise<Recommendation[]> {
    const documents = await RecommendationModel.find().sort({ _id: 1 }).lean().exec();
    return documents.map(({ title, recommendedById }) => ({
      title,
      recommendedBy: { id: recommendedById },
    }));
  }
}

export const recommendationsSubgraph: SubgraphDefinition = {
  name: 'recommendations',
  port: 0,
  schema: { resolvers: [RecommendationResolver] },
};
