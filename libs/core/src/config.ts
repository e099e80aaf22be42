import { z } from 'zod';

/**
 * Parse an environment once with a zod schema and fail fast listing every problem.
 * Only a package's `environment.ts` calls this, passing `process.env`.
 */
export function loadEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  name = 'service',
): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`Invalid environment for ${name}:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Boolean flags in env vars: 1/true/yes/on (any case). */
export const envBoolean = (defaultValue: boolean) =>
  z
    .string()
    .optional()
    .transform((value) =>
      value === undefined || value === '' ? defaultValue : /^(1|true|yes|on)$/i.test(value),
    );

export const envPort = (defaultValue: number) =>
  z.coerce.number().int().min(0).max(65535).default(defaultValue);

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info');

/**
 * Settings every process shares. Token, gateway-key and ops settings are in `@smss/auth`
 * (`securityEnvironment`), which also refuses known, placeholder and weak secrets in production.
 */
export const commonEnvironment = {
  /** `production` turns on the production refusals and closes introspection and /metrics. */
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: logLevel,
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /** Interface to listen on: loopback unless told otherwise (containers set 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
};

/**
 * The development HS256 default, marked as such: `npm start`, docker compose and tests use it
 * when nothing is configured. Every process refuses it (and any HS256 secret) with
 * NODE_ENV=production (README: "Production").
 */
export const DEV_JWT_SECRET = 'dev-only-smss-jwt-secret-change-me-in-production!';

/**
 * The development master key of partner pseudonyms (`PSEUDONYM_KEY`), marked as such: used when nothing
 * is configured outside production. Refused with NODE_ENV=production, where `PSEUDONYM_KEY` is required
 * (at least 32 random characters): anyone holding the key can link a partner's pseudonyms back to students.
 */
export const DEV_PSEUDONYM_KEY = 'dev-only-smss-pseudonym-key-change-me-in-production!';
