import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

/**
 * DEMO_DATA: none; the Lopburi sandbox (staff for every Lopburi school that reaches the directory
 * replica); or national (staff for every replicated school).
 */
const schema = z.object(serviceEnvironment('personnel', 4003));

export type { DemoData };

export interface PersonnelConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
}

/** The only place that reads process.env for the personnel service. */
export function loadPersonnelConfig(env: Record<string, string | undefined> = process.env): PersonnelConfig {
  return runtimeConfigFrom(loadEnvironment(schema, env, 'personnel'), 'personnel');
}
