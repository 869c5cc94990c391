import { type RedisClientType, createClient } from '@redis/client';
import type { SubgraphDefinition } from '@weace/service-kit';
import { AnalyticsResolver } from './analytics/analytics.resolver';
import { AnalyticsService } from './analytics/analytics.service';
import { subscribeActivity } from './analytics/activity.consumer';
import { BadgeAwarder } from './badges/badge-awarder';
import { loadEngagementSettings } from './config';
import { feedbackSubjectTitle } from './feedback/feedback-title';
import { FeedbackResolver } from './feedback/feedback.resolver';
import { FeedbackService } from './feedback/feedback.service';
import { subscribeParticipation } from './feedback/participation.consumer';
import { LeaderboardProjection, subscribeProjection } from './leaderboard/leaderboard-projection';
import { LeaderboardResolver } from './leaderboard/leaderboard.resolver';
import { LeaderboardService } from './leaderboard/leaderboard.service';
import { subscribeScoring } from './ledger/ledger.consumer';
import { LedgerResolver } from './ledger/ledger.resolver';
import { Ledger } from './ledger/ledger.service';
import { PointsService } from './ledger/points.service';
import { EngagementResolver } from './me/engagement.resolver';
import { EngagementService } from './me/engagement.service';
import { subscribePeople } from './people/people.consumer';
import { ensureDefaultRules } from './rules/points-rule.service';
import { engagementSchema } from './schema';
import { seedDemoBadges } from './seed/demo-badges';

export interface EngagementOptions {
  /** The clock periods, streaks, badge windows and manual awards read. Default: the system's. */
  readonly now?: () => Date;
}

/**
 * Points ledger, levels, badges, streaks, leaderboards, feedback with NPS
 * and analytics; database `weace_engagement`. With REDIS_URL, leaderboards
 * are also kept as Redis sorted sets.
 */
export function createEngagementSubgraph(options: EngagementOptions = {}): SubgraphDefinition {
  const now = options.now ?? (() => new Date());
  return {
    name: 'engagement',
    port: 3007,
    schema: engagementSchema,
    async start({ env, events, logger }) {
      const { redisUrl, redisKeyPrefix } = loadEngagementSettings(env);
      await ensureDefaultRules();
      const ledger = new Ledger(events, new BadgeAwarder(events), feedbackSubjectTitle, now);
      subscribePeople(events);
      subscribeParticipation(events);
      subscribeScoring(events, ledger);
      subscribeActivity(events);

      let redis: RedisClientType | undefined;
      let projection: LeaderboardProjection | null = null;
      if (redisUrl) {
        redis = createClient({ url: redisUrl });
        // node-redis emits every connection error; unheard, one would end the process.
        redis.on('error', (error: unknown) =>
          logger.warn({ err: error }, 'redis connection error'),
        );
        await redis.connect();
        projection = new LeaderboardProjection(redis, redisKeyPrefix, logger, now);
        subscribeProjection(events, projection);
        await projection.rebuildMissing();
      }
      return {
        resolvers: [
          new EngagementResolver(new EngagementService(now)),
          new LedgerResolver(new PointsService(events, ledger, logger, now)),
          new LeaderboardResolver(new LeaderboardService(projection, now)),
          new FeedbackResolver(new FeedbackService(events)),
          new AnalyticsResolver(new AnalyticsService()),
        ],
        seedDemo: () => seedDemoBadges(),
        async stop() {
          await redis?.quit();
        },
      };
    },
  };
}

export const engagementSubgraph = createEngagementSubgraph();
