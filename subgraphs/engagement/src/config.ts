import { type Env, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';

/** The engagement service's own variables, beside every service's (see `.env.example`). */
const engagementEnv = {
  /** Where leaderboards are projected as sorted sets; unset, boards are read from the database. */
  REDIS_URL: envVar.url().optional(),
  /** Prefix of the keys engagement writes in Redis. */
  REDIS_KEY_PREFIX: z.string().default('weace:'),
};

export interface EngagementSettings {
  readonly redisUrl?: string;
  readonly redisKeyPrefix: string;
}

/** Reads the engagement service's settings; throws `ConfigError` naming each bad variable. */
export function loadEngagementSettings(env: Env): EngagementSettings {
  const parsed = parseEnv(engagementEnv, env);
  return { redisUrl: parsed.REDIS_URL, redisKeyPrefix: parsed.REDIS_KEY_PREFIX };
}
