import { z } from 'zod';
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
  /** Shared with the gateway, which signs the per-request identity token with it. */
  INTERNAL_TOKEN_SECRET: envVar.secret(),
};

export interface ServiceConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly logLevel: string;
  readonly host: string;
  readonly port: number;
  readonly mongodbUri: string | undefined;
  readonly internalTokenSecret: string;
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
  };
}
