import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Service name on every line. */
  readonly service: string;
  /** pino level. Default `info`. */
  readonly level?: string;
  /** Where lines go. Default stdout; tests pass a stream to read what was logged. */
  readonly destination?: DestinationStream;
}

/**
 * Values that must never reach a log line, wherever they appear in a logged
 * object: credentials, tokens and the headers that carry them.
 */
const REDACTED_PATHS = [
  'password',
  'newPassword',
  'previousPassword',
  'token',
  'accessToken',
  'idToken',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.idToken',
  '*.refreshToken',
  '*.secret',
  'headers.authorization',
  'headers.cookie',
  'headers["x-internal-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'variables.*.password',
  'variables.*.token',
];

/** Structured JSON logs; each line carries the correlation id of the request it was written in. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId } : {};
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
