import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's configuration schema. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** An environment: `process.env` in `main.ts`, a plain object in tests and the all-in-one launcher. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses `env` once into a typed object. Every wrong or missing variable is
 * reported by name with what it expects, all at once, so one start attempt
 * shows every mistake. Empty strings count as unset.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Env,
): z.infer<z.ZodObject<Shape>> {
  const present = Object.fromEntries(
    Object.keys(shape)
      .map((name) => [name, env[name]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = z.object(shape).safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = present[name];
      return value === undefined
        ? `${name} is required: ${issue.message}`
        : `${name} is invalid: ${issue.message}`;
    }),
  );
}

/** Reusable variable schemas, so every service spells the same concern the same way. */
export const envVar = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback),
  url: () => z.url({ error: 'expected an absolute URL' }),
  mongoUri: () =>
    z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, { error: 'expected a mongodb:// or mongodb+srv:// URI' }),
  secret: () => z.string().min(32, { error: 'expected a secret of at least 32 characters' }),
  /** One secret, or a comma-separated list (current first, then older ones) during a rotation. */
  secrets: () =>
    z
      .string()
      .transform((v) => v.split(',').map((s) => s.trim()))
      .refine((list) => list.every((s) => s.length >= 32), {
        error: 'expected secrets of at least 32 characters, comma-separated (current first)',
      }),
  nodeEnv: () => z.enum(['development', 'test', 'production']).default('development'),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  boolean: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
      .transform((v) => v === 'true' || v === '1')
      .default(fallback),
  list: () =>
    z.string().transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
};
