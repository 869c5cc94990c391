import { z } from 'zod';
import type { InternalTokenSecret } from '../identity/internal-token';
import { ConfigError, type Env, envVar, parseEnv } from './env';

/** Variables every subgraph reads; see `.env.example` for their meaning. */
const serviceEnv = {
  NODE_ENV: envVar.nodeEnv(),
  LOG_LEVEL: envVar.logLevel(),
  /** Interface to listen on; containers set 0.0.0.0. */
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: envVar.port(0),
  /** Absent: the embedded engine (development and tests only). */
  MONGODB_URI: envVar.mongoUri().optional(),
  /** Shared with the gateway, which signs the per-fetch identity token with it; a list rotates. */
  INTERNAL_TOKEN_SECRET: envVar.secrets(),
  /** Set: traces go there over OTLP/HTTP. Unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: envVar.url().optional(),
  /** NATS with JetStream for domain events, e.g. nats://nats:4222 (a comma-separated list for a cluster). Absent: in process. */
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\/[^,\s]+(,\s*(nats|tls):\/\/[^,\s]+)*$/, {
      error: 'expected nats:// URLs, comma-separated',
    })
    .optional(),
  /** How long published events stay replayable (streams, outboxes, inboxes). */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
};

export interface ServiceConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly logLevel: string;
  readonly host: string;
  readonly port: number;
  readonly mongodbUri: string | undefined;
  /** Verifies internal tokens (any of them) and signs service calls (the first). */
  readonly internalTokenSecret: InternalTokenSecret;
  /** The OpenTelemetry collector (OTLP/HTTP); absent, no tracing. */
  readonly otlpEndpoint?: string;
  /** NATS JetStream for domain events; undefined: the in-process transport. */
  readonly natsUrl?: string;
  readonly eventRetentionDays?: number;
}

/** Reads one service's configuration from `env`; throws {@link ConfigError} naming each bad variable. */
export function loadServiceConfig(env: Env): ServiceConfig {
  const parsed = parseEnv(serviceEnv, env);
  if (parsed.NODE_ENV === 'production' && !parsed.MONGODB_URI) {
    throw new ConfigError([
      'MONGODB_URI is required in production: the embedded engine is for development and tests',
    ]);
  }
  return {
    nodeEnv: parsed.NODE_ENV,
    logLevel: parsed.LOG_LEVEL,
    host: parsed.HOST,
    port: parsed.PORT,
    mongodbUri: parsed.MONGODB_URI,
    internalTokenSecret: parsed.INTERNAL_TOKEN_SECRET,
    ...(parsed.OTEL_EXPORTER_OTLP_ENDPOINT && { otlpEndpoint: parsed.OTEL_EXPORTER_OTLP_ENDPOINT }),
    natsUrl: parsed.NATS_URL,
    eventRetentionDays: parsed.EVENT_RETENTION_DAYS,
  };
}
