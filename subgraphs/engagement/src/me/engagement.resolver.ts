import { Role, type ServiceContext, callerUserId, identityOf } from '@weace/service-kit';
import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { EngagementService } from './engagement.service';
import { Engagement } from './engagement.types';
import { User } from './user.entity';

@Resolver(() => User)
export class EngagementResolver {
  constructor(private readonly people: EngagementService) {}

  @Authorized()
  @Query(() => Engagement, { description: 'Your points, level, streaks and badges' })
  myEngagement(@Ctx() context: ServiceContext): Promise<Engagement> {
    return this.people.of(callerUserId(context), context);
  }

  /**
   * Anyone who can see the profile sees its points, level and badges (the
   * users subgraph decides who sees a profile); streaks only the person and ADMIN.
   */
  @Authorized()
  @FieldResolver(() => Engagement)
  async engagement(@Root() user: User, @Ctx() context: ServiceContext): Promise<Engagement> {
    const engagement = await this.people.of(user.id, context);
    const identity = identityOf(context);
    const full = identity?.userId === user.id || !!identity?.roles.includes(Role.Admin);
    return full ? engagement : { ...engagement, currentStreak: null, longestStreak: null };
  }
}
