import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object({
  /** DEMO_DATA is accepted like every service's; the finance demo seeds nothing of its own. */
  ...serviceEnvironment('finance', 4004),
  /** Parallel workers on the DMC snapshot durable consumer (each handles one event per transaction). */
  DMC_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Prefix of this service's durable consumer names (tests and benchmarks use their own). */
  DURABLE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('finance'),
});

export interface FinanceConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
  dmcConsumerConcurrency: number;
  durablePrefix: string;
}

/** The only place that reads process.env for the finance service. */
export function loadFinanceConfig(env: Record<string, string | undefined> = process.env): FinanceConfig {
  const e = loadEnvironment(schema, env, 'finance');
  return {
    ...runtimeConfigFrom(e, 'finance'),
    dmcConsumerConcurrency: e.DMC_CONSUMER_CONCURRENCY,
    durablePrefix: e.DURABLE_PREFIX,
  };
}
