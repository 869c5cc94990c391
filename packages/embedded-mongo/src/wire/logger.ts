/** Structured fields attached to one log entry. Never put document contents here. */
export type LogFields = Record<string, unknown>;

/**
 * Where the server reports what happens to it. The `(fields, message)` shape is
 * pino's, so a pino logger can be passed as is.
 */
export interface Logger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

export type LogLevel = 'info' | 'warn' | 'error' | 'silent';

const severity: Record<LogLevel, number> = { info: 30, warn: 40, error: 50, silent: Infinity };

/** JSON.stringify drops an Error's own fields; keep the ones that explain it. */
function describeErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    return code === undefined ? { name, message, stack } : { name, message, code, stack };
  }
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Writes one JSON object per line (`time`, `level`, `msg`, then the fields) to
 * `stream`, dropping entries below `level`.
 */
export function createJsonLogger(
  level: LogLevel,
  stream: NodeJS.WritableStream = process.stderr,
): Logger {
  const threshold = severity[level];
  const write = (entryLevel: Exclude<LogLevel, 'silent'>, fields: LogFields, msg: string) => {
    if (severity[entryLevel] < threshold) return;
    const entry = { time: new Date().toISOString(), level: entryLevel, msg, ...fields };
    stream.write(`${JSON.stringify(entry, describeErrors)}\n`);
  };
  return {
    info: (fields, msg) => write('info', fields, msg),
    warn: (fields, msg) => write('warn', fields, msg),
    error: (fields, msg) => write('error', fields, msg),
  };
}
