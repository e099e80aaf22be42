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

/** Settings every service shares (database, broker, auth). */
export const commonEnvironment = {
  LOG_LEVEL: logLevel,
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  JWT_ISSUER: z.string().default('smss-federated'),
  JWT_AUDIENCE: z.string().default('smss-api'),
  GATEWAY_SHARED_SECRET: z.string().min(16, 'GATEWAY_SHARED_SECRET must be at least 16 characters'),
};

/**
 * Development defaults, marked as such: the launcher and tests use them when nothing is
 * configured. NEVER use them in production (README: "Production").
 */
export const DEV_JWT_SECRET = 'dev-only-smss-jwt-secret-change-me-in-production!';
export const DEV_GATEWAY_SHARED_SECRET = 'dev-only-gateway-shared-secret';
