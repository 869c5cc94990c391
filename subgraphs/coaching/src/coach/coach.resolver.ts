import { type Connection, ConnectionType, type ServiceContext } from '@weace/service-kit';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf } from '../caller';
import { AvailabilityInput } from '../availability/availability.inputs';
import { SessionType } from '../session-type/session-type.model';
import { CoachProfile, type CoachProfileDocument } from './coach-profile.model';
import { CoachesArgs, CoachProfileInput } from './coach.inputs';
import { coachById, sessionTypesOfCoach } from './coach.loaders';
import type { CoachService } from './coach.service';
import { User } from './user.reference';

@ObjectType()
export class CoachProfileConnection extends ConnectionType(CoachProfile) {}

// Roots are typed as the mongoose document (a type alias, so no decorator
// metadata): typed as the class, type-graphql would copy it and lose `id`.
@Resolver(() => CoachProfile)
export class CoachResolver {
  constructor(private readonly coachService: CoachService) {}

  @Authorized()
  @Query(() => CoachProfileConnection, { description: 'Active coaches, by User.id' })
  coaches(@Args() args: CoachesArgs): Promise<Connection<CoachProfileDocument>> {
    return this.coachService.list(args);
  }

  @Authorized()
  @Query(() => CoachProfile, { nullable: true, description: 'An active coach by User.id' })
  coach(@Arg('id', () => ID) id: string): Promise<CoachProfileDocument | null> {
    return this.coachService.findActive(id);
  }

  @FieldResolver(() => User, { description: "The coach's person (User.id = this id)" })
  user(@Root() profile: CoachProfileDocument): User {
    return { id: profile.id as string };
  }

  @FieldResolver(() => [SessionType], { description: 'What the coach offers (active types)' })
  sessionTypes(@Root() profile: CoachProfileDocument, @Ctx() context: ServiceContext) {
    return context.loaders.get(sessionTypesOfCoach).load(profile.id as string);
  }

  @Authorized()
  @Mutation(() => CoachProfile, {
    description: 'The caller (a COACH) creates or edits their profile',
  })
  upsertMyCoachProfile(
    @Arg('input') input: CoachProfileInput,
    @Ctx() context: ServiceContext,
  ): Promise<CoachProfileDocument> {
    return this.coachService.upsertMine(actorOf(context), input);
  }

  @Authorized()
  @Mutation(() => CoachProfile, { description: 'Replaces the caller’s weekly hours and overrides' })
  setMyAvailability(
    @Arg('input') input: AvailabilityInput,
    @Ctx() context: ServiceContext,
  ): Promise<CoachProfileDocument> {
    return this.coachService.setMyAvailability(actorOf(context), input);
  }
}

@Resolver(() => User)
export class UserCoachingResolver {
  @FieldResolver(() => CoachProfile, { nullable: true, description: 'Their coach profile, if any' })
  coachProfile(
    @Root() user: User,
    @Ctx() context: ServiceContext,
  ): Promise<CoachProfileDocument | null> {
    return context.loaders.get(coachById).load(user.id);
  }
}

/** Coach profiles referenced from other subgraphs, batched. */
export const coachReference = {
  __resolveReference(reference: { id: string }, context: ServiceContext) {
    return context.loaders.get(coachById).load(reference.id);
  },
};
