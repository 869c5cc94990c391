import type { LogService } from 'cognito-local/lib/services/LogService';

/**
 * The logger handed to cognito-local. Its debug lines carry whole user records (passwords
 * included) and refresh tokens, and its warnings fire on every rejected login, so only
 * error lines get through, reduced to their message text.
 */
export function createQuietLogger(onError: (message: string) => void): LogService {
  const logger: LogService = {
    child: () => logger,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (first: unknown, second?: unknown) => onError(describe(first, second)),
  };
  return logger;
}

// cognito-local logs either (message) or (error, message), pino style. Its errors come from
// another realm when jest runs, so they are recognised by shape, not with instanceof.
function describe(first: unknown, second: unknown): string {
  if (typeof first === 'string') return first;
  const context = typeof second === 'string' ? second : 'error';
  const { name, message } = (first ?? {}) as { name?: unknown; message?: unknown };
  return typeof message === 'string' ? `${context}: ${String(name)}: ${message}` : context;
}
