import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort, loadEnvironment } from '@smss/core';
import { DEFAULT_LIMITS, type OperationLimits } from './limits';
import { readSubgraphList } from './subgraphs';

const schema = z.object({
  ...commonEnvironment,
  PORT: envPort(4000),
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxDepth),
  MAX_QUERY_ALIASES: z.coerce.number().int().nonnegative().default(DEFAULT_LIMITS.maxAliases),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxCost),
  EXPLORER: envBoolean(true),
  /** Worker processes (node:cluster): the gateway runs one JS thread per process. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).default(1),
});

export interface GatewayConfig {
  port: number;
  logLevel: string;
  tokens: { secret: string; issuer: string; audience: string };
  gatewaySecret: string;
  limits: OperationLimits;
  explorer: boolean;
  workers: number;
  /** Subgraph name → URL, from subgraphs.yaml overridden by each `urlEnv`. */
  subgraphUrls: Record<string, string>;
}

/** The only place that reads process.env for the gateway. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const e = loadEnvironment(schema, env, 'gateway');
  const subgraphUrls = Object.fromEntries(readSubgraphList().map((s) => [s.name, env[s.urlEnv] || s.url]));
  return {
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    tokens: { secret: e.JWT_SECRET, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    gatewaySecret: e.GATEWAY_SHARED_SECRET,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxCost: e.MAX_QUERY_COST,
      defaultListSize: DEFAULT_LIMITS.defaultListSize,
    },
    explorer: e.EXPLORER,
    workers: e.GATEWAY_WORKERS,
    subgraphUrls,
  };
}
