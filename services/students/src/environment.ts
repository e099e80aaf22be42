import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

/** DEMO_DATA: once the directory replica has the Lopburi schools, demo students and a closed term 1. */
const schema = z.object(serviceEnvironment('students', 4002));

export interface StudentsConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
}

/** The only place that reads process.env for the students service. */
export function loadStudentsConfig(env: Record<string, string | undefined> = process.env): StudentsConfig {
  return runtimeConfigFrom(loadEnvironment(schema, env, 'students'), 'students');
}
