import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  pseudonymKeyEnvironment,
  pseudonymKeyFrom,
  refinePseudonymKey,
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

/**
 * DEMO_DATA: once the directory replica has caught up, demo students (Lopburi's schools, or every open school
 * for `national`) and a closed term 1.
 */
const schema = z
  .object({
    ...serviceEnvironment('students', 4002),
    /** Master key of partner pseudonyms (`Student.pseudonym`); the same secret as the exchange service's. */
    ...pseudonymKeyEnvironment,
  })
  .superRefine(refinePseudonymKey);

export interface StudentsConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
  /** Master key of partner pseudonyms (see `modules/registry/pseudonym.ts`). */
  pseudonymKey: string;
}

/** The only place that reads process.env for the students service. */
export function loadStudentsConfig(env: Record<string, string | undefined> = process.env): StudentsConfig {
  const e = loadEnvironment(schema, env, 'students');
  return {
    ...runtimeConfigFrom(e, 'students'),
    pseudonymKey: pseudonymKeyFrom(e),
  };
}
