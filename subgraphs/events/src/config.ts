import { createHash, hkdfSync } from 'node:crypto';
import { ConfigError, type Env, type ServiceConfig, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';

/** The events service's own variables, beside every service's (see `.env.example`). */
const eventsEnv = {
  /** Where people reach the gateway: calendar URLs (`icsUrl`, the personal feed) start with it. */
  PUBLIC_URL: envVar.url().default('http://localhost:3000'),
  /** 32 bytes, base64: encrypts personal feed tokens at rest (AES-256-GCM). */
  CALENDAR_FEED_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      error: 'expected 32 bytes, base64-encoded (openssl rand -base64 32)',
    })
    .optional(),
  /** How long before an event's start the door opens for check-in. */
  CHECK_IN_OPENS_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(60),
};

export interface EventsSettings {
  readonly publicUrl: string;
  readonly feedKey: Buffer;
  readonly checkInOpensMinutes: number;
}

/** Reads the events service's settings; throws {@link ConfigError} naming each bad variable. */
export function loadEventsSettings(env: Env, config: ServiceConfig): EventsSettings {
  const parsed = parseEnv(eventsEnv, env);
  if (!parsed.CALENDAR_FEED_KEY && config.nodeEnv === 'production') {
    throw new ConfigError([
      'CALENDAR_FEED_KEY is required in production: it encrypts personal calendar feed tokens',
    ]);
  }
  return {
    publicUrl: parsed.PUBLIC_URL.replace(/\/$/, ''),
    feedKey: parsed.CALENDAR_FEED_KEY
      ? Buffer.from(parsed.CALENDAR_FEED_KEY, 'base64')
      : developmentFeedKey(config),
    checkInOpensMinutes: parsed.CHECK_IN_OPENS_MINUTES,
  };
}

/** Outside production, a key derived from the internal token secret, so nothing needs setting. */
function developmentFeedKey(config: ServiceConfig): Buffer {
  const secret = config.internalTokenSecret;
  const first = typeof secret === 'string' ? secret : secret[0]!;
  const salt = createHash('sha256').update('weace-events').digest();
  return Buffer.from(hkdfSync('sha256', first, salt, 'calendar-feed-token', 32));
}
