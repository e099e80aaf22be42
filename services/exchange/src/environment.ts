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
import {
  exportEnvironment,
  exportSettingsFrom,
  refineExportLinkKey,
} from './modules/exports/export-environment';

const schema = z
  .object({
    ...serviceEnvironment('exchange', 4009),
    /** The master key of partner pseudonyms: the same secret as the students service's. */
    ...pseudonymKeyEnvironment,
    /** Export jobs: GATEWAY_URL (the worker's gateway), EXPORT_LINK_KEY (download links; required in production). */
    ...exportEnvironment,
  })
  .superRefine(refinePseudonymKey)
  .superRefine(refineExportLinkKey);

export interface ExchangeConfig extends ServiceRuntimeConfig {
  /** Accepted like every service's DEMO_DATA; exchange has no demo data of its own. */
  demoData: DemoData;
  /** Master key of partner pseudonyms (the change feed gives partners pseudonyms, also on tombstones). */
  pseudonymKey: string;
  /** Export jobs: the gateway the worker queries, the key of download links. */
  exports: { gatewayUrl: string; linkKey: string };
}

/** The only place that reads process.env for the exchange service. */
export function loadExchangeConfig(env: Record<string, string | undefined> = process.env): ExchangeConfig {
  const e = loadEnvironment(schema, env, 'exchange');
  return {
    ...runtimeConfigFrom(e, 'exchange'),
    pseudonymKey: pseudonymKeyFrom(e),
    exports: exportSettingsFrom(e),
  };
}
