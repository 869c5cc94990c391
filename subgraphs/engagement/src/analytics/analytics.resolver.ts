import { Role } from '@weace/service-kit';
import { Args, Authorized, Query, Resolver } from 'type-graphql';
import type { AnalyticsService } from './analytics.service';
import { AnalyticsArgs, EngagementAnalytics } from './analytics.types';

@Resolver()
export class AnalyticsResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @Authorized(Role.Admin)
  @Query(() => EngagementAnalytics, {
    description:
      'Activity and outcomes per day or week; groups under the privacy threshold are null',
  })
  engagementAnalytics(@Args() args: AnalyticsArgs): Promise<EngagementAnalytics> {
    return this.analytics.report(args);
  }
}
