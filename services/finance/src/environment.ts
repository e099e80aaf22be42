import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort, loadEnvironment } from '@smss/core';
import type { ServiceRuntimeConfig } from '@smss/service-kit';

const schema = z.object({
  ...commonEnvironment,
  PORT: envPort(4004),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/smss_finance'),
  DATABASE_CREATE: envBoolean(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  /** Demo data: none, or the Lopburi sandbox / national scale (the finance demo seeds nothing of its own). */
  DEMO_DATA: z.enum(['none', 'lopburi', 'national']).default('none'),
  /** Parallel workers on the DMC snapshot durable consumer (each handles one event per transaction). */
  DMC_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Prefix of this service's durable consumer names (tests and benchmarks use their own). */
  CONSUMER_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('finance'),
});

export interface FinanceConfig extends ServiceRuntimeConfig {
  demoData: 'none' | 'lopburi' | 'national';
  dmcConsumerConcurrency: number;
  consumerPrefix: string;
}

/** The only place that reads process.env for the finance service. */
export function loadFinanceConfig(env: Record<string, string | undefined> = process.env): FinanceConfig {
  const e = loadEnvironment(schema, env, 'finance');
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
    dmcConsumerConcurrency: e.DMC_CONSUMER_CONCURRENCY,
    consumerPrefix: e.CONSUMER_PREFIX,
  };
}
