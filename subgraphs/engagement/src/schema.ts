import type { SubgraphDefinition } from '@weace/service-kit';
import { AnalyticsResolver } from './analytics/analytics.resolver';
import { BadgeResolver } from './badges/badge.resolver';
import { FeedbackResolver } from './feedback/feedback.resolver';
import { LeaderboardResolver } from './leaderboard/leaderboard.resolver';
import { LedgerResolver } from './ledger/ledger.resolver';
import { EngagementResolver } from './me/engagement.resolver';
import { userReference } from './me/user.entity';
import { PointsRuleResolver } from './rules/points-rule.resolver';
import { SettingsResolver } from './settings/settings.resolver';

/** The engagement subgraph's schema; it adds `engagement` to the users subgraph's `User`. */
export const engagementSchema: SubgraphDefinition['schema'] = {
  resolvers: [
    EngagementResolver,
    LedgerResolver,
    LeaderboardResolver,
    BadgeResolver,
    PointsRuleResolver,
    FeedbackResolver,
    SettingsResolver,
    AnalyticsResolver,
  ],
  referenceResolvers: { User: userReference },
};
