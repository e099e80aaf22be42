import { z } from 'zod';
import { commonEnvironment, envBoolean, envPort, loadEnvironment } from '@smss/core';
import {
  gatewaySecurityFrom,
  gatewaySigningEnvironment,
  securityEnvironment,
  type IntrospectionMode,
  type TokenSettings,
} from '@smss/auth';
import { limitsEnvironment, limitsFrom, type OperationLimits, type OpsSettings } from '@smss/service-kit';
import { readSubgraphList } from './subgraphs';

const schema = z.object({
  ...commonEnvironment,
  ...securityEnvironment,
  ...gatewaySigningEnvironment,
  PORT: envPort(4000),
  ...limitsEnvironment,
  EXPLORER: envBoolean(true),
  /** The war-room dashboard at /dashboard (apps/dashboard, built by `npm run build`). */
  DASHBOARD: envBoolean(true),
  /** Worker processes (node:cluster): the gateway runs one JS thread per process. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).default(1),
  /** How long a partner's agreement in force is cached (a change or revocation reaches every subgraph within it). */
  PARTNER_AGREEMENT_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(10),
});

export interface GatewayConfig {
  port: number;
  /** Interface to listen on (default 127.0.0.1; containers set HOST=0.0.0.0). */
  host?: string;
  logLevel: string;
  tokens: TokenSettings;
  /** PEM EC P-256 private key the gateway signs its per-subgraph assertions with. */
  gatewayPrivateKey: string;
  /** Introspection and "Did you mean …" suggestions (default off). */
  introspection?: IntrospectionMode;
  /** Who may read /readyz details and /metrics. */
  ops?: OpsSettings;
  limits: OperationLimits;
  explorer: boolean;
  /** Serve the dashboard at /dashboard (default on). */
  dashboard?: boolean;
  /**
   * The dashboard's development sign-in (a role picker minting HS256 tokens with the token
   * command's logic): on only outside production with a development JWT_SECRET.
   */
  devTokens?: boolean;
  workers: number;
  /** Subgraph name → URL, from subgraphs.yaml overridden by each `urlEnv`. */
  subgraphUrls: Record<string, string>;
  /** Milliseconds a partner's agreement in force is cached (default 10 s; `partner-agreements.ts`). */
  agreementCacheMs?: number;
}

/** The only place that reads process.env for the gateway. */
export function loadGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const e = loadEnvironment(schema, env, 'gateway');
  const security = gatewaySecurityFrom(e, 'gateway');
  const subgraphUrls = Object.fromEntries(readSubgraphList().map((s) => [s.name, env[s.urlEnv] || s.url]));
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    tokens: security.tokens,
    gatewayPrivateKey: security.gatewayPrivateKey,
    introspection: security.introspection,
    ops: { token: security.opsToken, publicMetrics: security.publicMetrics },
    limits: limitsFrom(e),
    explorer: e.EXPLORER,
    dashboard: e.DASHBOARD,
    devTokens: !security.production && Boolean(security.tokens.secret),
    workers: e.GATEWAY_WORKERS,
    subgraphUrls,
    agreementCacheMs: e.PARTNER_AGREEMENT_CACHE_SECONDS * 1000,
  };
}
