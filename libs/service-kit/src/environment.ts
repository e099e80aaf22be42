import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort } from '@smss/core';
import type { ServiceRuntimeConfig } from './boot';

export type DemoData = 'none' | 'lopburi' | 'national';

/**
 * The variables every service reads, with its own port and database as defaults. A service's
 * `environment.ts` spreads this into its zod object, adds its own variables, and maps the result
 * with `runtimeConfigFrom`.
 */
export const serviceEnvironment = (name: string, port: number) => ({
  ...commonEnvironment,
  PORT: envPort(port),
  DATABASE_URL: z.string().default(`postgres://postgres@127.0.0.1:5432/smss_${name}`),
  DATABASE_CREATE: envBoolean(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** Demo data loaded into an empty database at start: none, the Lopburi sandbox or the national scale. */
  DEMO_DATA: z.enum(['none', 'lopburi', 'national']).default('none'),
});

type ServiceEnvironment = z.infer<z.ZodObject<ReturnType<typeof serviceEnvironment>>>;

export function runtimeConfigFrom(e: ServiceEnvironment): ServiceRuntimeConfig & { demoData: DemoData } {
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    logLevel: e.LOG_LEVEL,
    tokens: { secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    gatewaySecret: e.GATEWAY_SHARED_SECRET,
    createDatabase: e.DATABASE_CREATE,
    poolSize: e.DATABASE_POOL_SIZE,
    demoData: e.DEMO_DATA,
  };
}
