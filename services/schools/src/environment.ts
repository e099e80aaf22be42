import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object(serviceEnvironment('schools', 4001));

export interface SchoolsConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
}

/** The only place that reads process.env for the schools service. */
export function loadSchoolsConfig(env: Record<string, string | undefined> = process.env): SchoolsConfig {
  return runtimeConfigFrom(loadEnvironment(schema, env, 'schools'), 'schools');
}
