import { Role } from '@weace/service-kit';
import { Arg, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import { BadgeInput } from './badge.inputs';
import { Badge } from './badge.model';
import { defineBadge, listBadges } from './badge.service';

@Resolver(() => Badge)
export class BadgeResolver {
  @Authorized()
  @Query(() => [Badge], { description: 'The badges one can earn' })
  badges(): Promise<Badge[]> {
    return listBadges();
  }

  @Authorized(Role.Admin)
  @Mutation(() => Badge)
  defineBadge(@Arg('input', () => BadgeInput) input: BadgeInput): Promise<Badge> {
    return defineBadge(input);
  }
}
