import { z } from 'zod';
import { loadEnvironment } from '@smss/core';
import {
  runtimeConfigFrom,
  serviceEnvironment,
  type DemoData,
  type ServiceRuntimeConfig,
} from '@smss/service-kit';

/**
 * DEMO_DATA: none; the Lopburi sandbox (buildings, assets, a procurement and infrastructure for every
 * Lopburi school that reaches the directory replica); or national (the same for every replicated school).
 */
const schema = z.object(serviceEnvironment('assets', 4005));

export interface AssetsConfig extends ServiceRuntimeConfig {
  demoData: DemoData;
}

/** The only place that reads process.env for the assets service. */
export function loadAssetsConfig(env: Record<string, string | undefined> = process.env): AssetsConfig {
  return runtimeConfigFrom(loadEnvironment(schema, env, 'assets'), 'assets');
}
