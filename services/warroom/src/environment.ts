import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object(serviceEnvironment('warroom', 4008));

export interface WarroomConfig extends ServiceRuntimeConfig {
  /** Accepted like every service's DEMO_DATA; warroom has no demo data of its own yet. */
  demoData: DemoData;
}

/** The only place that reads process.env for the warroom service. */
export function loadWarroomConfig(env: Record<string, string | undefined> = process.env): WarroomConfig {
  return runtimeConfigFrom(loadEnvironment(schema, env, 'warroom'), 'warroom');
}
