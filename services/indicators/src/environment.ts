import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object({
  ...serviceEnvironment('indicators', 4007),
  /** How long an export's download link works, in seconds (1 minute – 1 hour). */
  EXPORT_LINK_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(600),
});

export interface IndicatorsConfig extends ServiceRuntimeConfig {
  /** lopburi: the sandbox catalogue and results; national: the same for every area office of the replica. */
  demoData: DemoData;
  exportTtlSeconds: number;
}

/** The only place that reads process.env for the indicators service. */
export function loadIndicatorsConfig(
  env: Record<string, string | undefined> = process.env,
): IndicatorsConfig {
  const e = loadEnvironment(schema, env, 'indicators');
  return { ...runtimeConfigFrom(e, 'indicators'), exportTtlSeconds: e.EXPORT_LINK_TTL_SECONDS };
}
