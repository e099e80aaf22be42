import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort, loadEnvironment } from '@smss/core';
import type { ServiceRuntimeConfig } from '@smss/service-kit';

const schema = z.object({
  ...commonEnvironment,
  PORT: envPort(4003),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/smss_personnel'),
  DATABASE_CREATE: envBoolean(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /**
   * Demo staff: none; the Lopburi sandbox (staff for every Lopburi school that reaches the directory
   * replica); or national (staff for every replicated school).
   */
  DEMO_DATA: z.enum(['none', 'lopburi', 'national']).default('none'),
});

export type DemoData = 'none' | 'lopburi' | 'national';

export interface PersonnelConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
}

/** The only place that reads process.env for the personnel service. */
export function loadPersonnelConfig(env: Record<string, string | undefined> = process.env): PersonnelConfig {
  const e = loadEnvironment(schema, env, 'personnel');
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
