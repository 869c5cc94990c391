import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigError, type Env, type ServiceConfig, envVar, parseEnv } from '@weace/service-kit';

/** The notifications service's own variables, beside every service's (see `.env.example`). */
const notificationsEnv = {
  /** Where people reach the gateway (shared with events): unsubscribe links start with it. */
  PUBLIC_URL: envVar.url().default('http://localhost:3000'),
  /** The web app, where links in messages point (`/events/<id>`, …). */
  NOTIFICATIONS_APP_URL: envVar.url().default('http://localhost:3000'),
  /** The primary SMTP server, smtp(s)://user:pass@host:port. Absent outside production: a local catcher. */
  NOTIFICATIONS_SMTP_URL: envVar.url().optional(),
  /** A second SMTP server used once the primary failed twice for a message. */
  NOTIFICATIONS_SMTP_SECONDARY_URL: envVar.url().optional(),
  NOTIFICATIONS_EMAIL_FROM: z.string().min(3).default('WeAce <no-reply@weace.local>'),
  /** `sns`: Amazon SNS (AWS_REGION and the SDK's usual credentials); `local`: the local sink. */
  NOTIFICATIONS_SMS_PROVIDER: z.enum(['sns', 'local']).optional(),
  /** VAPID keys for Web Push (`npx web-push generate-vapid-keys`); absent outside production: generated at start. */
  NOTIFICATIONS_VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  NOTIFICATIONS_VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  NOTIFICATIONS_VAPID_SUBJECT: z.string().min(5).default('mailto:notifications@weace.local'),
  /** Attempts per delivery before it is FAILED and dead-lettered. */
  NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  /** The wait before the second attempt; doubled for each further one, with jitter. */
  NOTIFICATIONS_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** People per fan-out batch of an announcement. */
  NOTIFICATIONS_FANOUT_BATCH: z.coerce.number().int().min(1).max(5_000).default(500),
};

export interface NotificationsSettings {
  /** The gateway's public origin: unsubscribe links. */
  readonly publicUrl: string;
  /** The web app's origin: links in messages. */
  readonly appUrl: string;
  /** Undefined: the local catcher (never in production). */
  readonly smtpUrl?: string;
  readonly secondarySmtpUrl?: string;
  readonly emailFrom: string;
  readonly smsProvider: 'sns' | 'local';
  readonly vapid?: { readonly publicKey: string; readonly privateKey: string };
  readonly vapidSubject: string;
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly fanoutBatch: number;
  /** Signs unsubscribe links and hashes phone codes (each with its purpose in what it signs); derived from the internal token secret. */
  readonly linkSigningKey: Buffer;
}

/** Reads the notifications service's settings; throws {@link ConfigError} naming each bad variable. */
export function loadNotificationsSettings(env: Env, config: ServiceConfig): NotificationsSettings {
  const parsed = parseEnv(notificationsEnv, env);
  const production = config.nodeEnv === 'production';
  const problems: string[] = [];
  if (production && !parsed.NOTIFICATIONS_SMTP_URL) {
    problems.push(
      'NOTIFICATIONS_SMTP_URL is required in production: the SMTP server email goes to',
    );
  }
  if (production && !parsed.NOTIFICATIONS_SMS_PROVIDER) {
    problems.push('NOTIFICATIONS_SMS_PROVIDER is required in production: sns or local');
  }
  const vapidKeys = [parsed.NOTIFICATIONS_VAPID_PUBLIC_KEY, parsed.NOTIFICATIONS_VAPID_PRIVATE_KEY];
  if (vapidKeys.filter(Boolean).length === 1) {
    problems.push('NOTIFICATIONS_VAPID_PUBLIC_KEY and NOTIFICATIONS_VAPID_PRIVATE_KEY go together');
  }
  if (production && !vapidKeys[0]) {
    problems.push('NOTIFICATIONS_VAPID_PUBLIC_KEY and _PRIVATE_KEY are required in production');
  }
  if (problems.length) throw new ConfigError(problems);
  const secret = [config.internalTokenSecret].flat()[0]!;
  return {
    publicUrl: parsed.PUBLIC_URL.replace(/\/$/, ''),
    appUrl: parsed.NOTIFICATIONS_APP_URL.replace(/\/$/, ''),
    smtpUrl: parsed.NOTIFICATIONS_SMTP_URL,
    secondarySmtpUrl: parsed.NOTIFICATIONS_SMTP_SECONDARY_URL,
    emailFrom: parsed.NOTIFICATIONS_EMAIL_FROM,
    smsProvider: parsed.NOTIFICATIONS_SMS_PROVIDER ?? 'local',
    ...(vapidKeys[0] &&
      vapidKeys[1] && { vapid: { publicKey: vapidKeys[0], privateKey: vapidKeys[1] } }),
    vapidSubject: parsed.NOTIFICATIONS_VAPID_SUBJECT,
    maxAttempts: parsed.NOTIFICATIONS_MAX_ATTEMPTS,
    retryBaseMs: parsed.NOTIFICATIONS_RETRY_BASE_MS,
    fanoutBatch: parsed.NOTIFICATIONS_FANOUT_BATCH,
    linkSigningKey: createHash('sha256').update(`notifications-links:${secret}`).digest(),
  };
}
