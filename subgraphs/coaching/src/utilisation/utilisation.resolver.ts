import { Role } from '@weace/service-kit';
import { Arg, Authorized, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Utilisation, UtilisationService } from './utilisation.service';

@ObjectType({ description: 'Aggregates only: never a note, never a person' })
export class CoachingUtilisation implements Utilisation {
  @Field(() => String, { nullable: true, description: 'Null: the whole organisation' })
  department!: string | null;

  @Field(() => Int, { description: 'People with at least one package grant' })
  people!: number;

  @Field(() => Int)
  sessionsGranted!: number;

  @Field(() => Int)
  sessionsUsed!: number;

  @Field(() => Int)
  completed!: number;

  @Field(() => Int)
  noShows!: number;
}

@Resolver()
export class UtilisationResolver {
  constructor(private readonly utilisation: UtilisationService) {}

  @Authorized(Role.Admin)
  @Query(() => CoachingUtilisation, { description: 'ADMIN: coaching package use of a department' })
  coachingUtilisation(
    @Arg('department', () => String, { nullable: true })
    department: string | null,
  ): Promise<CoachingUtilisation> {
    return this.utilisation.of(department ?? null);
  }
}
