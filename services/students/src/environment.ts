import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort, loadEnvironment } from '@smss/core';
import type { ServiceRuntimeConfig } from '@smss/service-kit';

const schema = z.object({
  ...commonEnvironment,
  PORT: envPort(4002),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/smss_students'),
  DATABASE_CREATE: envBoolean(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** Demo students for the Lopburi sandbox schools (once the directory replica has them), with term 1 closed. */
  DEMO_DATA: z.enum(['none', 'lopburi', 'national']).default('none'),
});

export interface StudentsConfig extends ServiceRuntimeConfig {
  demoData: 'none' | 'lopburi' | 'national';
}

/** The only place that reads process.env for the students service. */
export function loadStudentsConfig(env: Record<string, string | undefined> = process.env): StudentsConfig {
  const e = loadEnvironment(schema, env, 'students');
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
