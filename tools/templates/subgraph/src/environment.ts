import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

const schema = z.object(serviceEnvironment('__name_snake__', __PORT__));

export interface __Name__Config extends ServiceRuntimeConfig {
  /** Accepted like every service's DEMO_DATA; __name__ has no demo data of its own yet. */
  demoData: DemoData;
}

/** The only place that reads process.env for the __name__ service. */
export function load__Name__Config(env: Record<string, string | undefined> = process.env): __Name__Config {
  return runtimeConfigFrom(loadEnvironment(schema, env, '__name__'), '__name__');
}
