import { z } from 'zod';
import { commonEnvironment, DEV_PSEUDONYM_KEY, envBoolean, envPort } from '@smss/core';
import {
  databaseUrlProblems,
  gatewayVerifyingEnvironment,
  securityEnvironment,
  subgraphSecurityFrom,
  weakSecretReason,
} from '@smss/auth';
import type { NatsCredentials } from '@smss/events';
import type { ServiceRuntimeConfig } from './boot';
import { DEFAULT_LIMITS, type OperationLimits } from './limits';

/** The operation limits, read the same way by the gateway and every subgraph. */
export const limitsEnvironment = {
  MAX_QUERY_DEPTH: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxDepth),
  MAX_QUERY_ALIASES: z.coerce.number().int().nonnegative().default(DEFAULT_LIMITS.maxAliases),
  MAX_QUERY_COST: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxCost),
};

export const limitsFrom = (e: {
  MAX_QUERY_DEPTH: number;
  MAX_QUERY_ALIASES: number;
  MAX_QUERY_COST: number;
}): OperationLimits => ({
  maxDepth: e.MAX_QUERY_DEPTH,
  maxAliases: e.MAX_QUERY_ALIASES,
  maxCost: e.MAX_QUERY_COST,
  defaultListSize: DEFAULT_LIMITS.defaultListSize,
});

export type DemoData = 'none' | 'lopburi' | 'national';

/**
 * The service's NATS user. Each service has its own, allowed to publish only its own subjects
 * (`busPermissionsFor` in @smss/events; `npm start` generates them for the nats-server it starts).
 */
export const natsEnvironment = {
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /** A `.creds` file (operator mode: user JWT + nkey seed) instead of user and password. */
  NATS_CREDS_FILE: z.string().min(1).optional(),
  /** CA bundle (PEM) of the NATS servers' certificates: TLS with verification. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
};

/** NATS credentials from the variables; in production a user is required (the bus decides who sees what). */
export function natsCredentialsFrom(
  e: { NATS_USER?: string; NATS_PASSWORD?: string; NATS_CREDS_FILE?: string; NATS_TLS_CA_FILE?: string },
  production: boolean,
): { credentials: NatsCredentials; problems: string[] } {
  const problems: string[] = [];
  if (e.NATS_USER && !e.NATS_PASSWORD && !e.NATS_CREDS_FILE)
    problems.push('NATS_PASSWORD is required with NATS_USER');
  if (e.NATS_PASSWORD && !e.NATS_USER) problems.push('NATS_USER is required with NATS_PASSWORD');
  if (production) {
    if (!e.NATS_USER && !e.NATS_CREDS_FILE)
      problems.push(
        "NATS_USER and NATS_PASSWORD (or NATS_CREDS_FILE) are required in production: a service without its own NATS user could publish any service's events",
      );
    const weak = e.NATS_PASSWORD ? weakSecretReason(e.NATS_PASSWORD) : undefined;
    if (weak) problems.push(`NATS_PASSWORD is ${weak}`);
  }
  return {
    credentials: {
      user: e.NATS_USER,
      password: e.NATS_PASSWORD,
      credsFile: e.NATS_CREDS_FILE,
      tlsCaFile: e.NATS_TLS_CA_FILE,
    },
    problems,
  };
}

/**
 * The variables every service reads, with its own port and database as defaults. A service's
 * `environment.ts` spreads this into its zod object, adds its own variables, and maps the result
 * with `runtimeConfigFrom`.
 */
export const serviceEnvironment = (name: string, port: number) => ({
  ...commonEnvironment,
  ...securityEnvironment,
  ...gatewayVerifyingEnvironment,
  PORT: envPort(port),
  DATABASE_URL: z.string().default(`postgres://postgres@127.0.0.1:5432/smss_${name}`),
  DATABASE_CREATE: envBoolean(true),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  ...natsEnvironment,
  ...limitsEnvironment,
  /** Demo data loaded into an empty database at start: none, the Lopburi sandbox or the national scale. */
  DEMO_DATA: z.enum(['none', 'lopburi', 'national']).default('none'),
});

type ServiceEnvironment = z.infer<z.ZodObject<ReturnType<typeof serviceEnvironment>>>;

/**
 * Map the parsed variables to the runtime config. Throws listing every problem with the security
 * settings; with NODE_ENV=production it also refuses development defaults, placeholders and weak
 * secrets (see `subgraphSecurityFrom` in @smss/auth).
 */
export function runtimeConfigFrom(
  e: ServiceEnvironment,
  name = 'the service',
): ServiceRuntimeConfig & { demoData: DemoData } {
  const nats = natsCredentialsFrom(e, e.NODE_ENV === 'production');
  const security = subgraphSecurityFrom(e, name, [
    ...databaseUrlProblems('DATABASE_URL', e.DATABASE_URL, e.NODE_ENV === 'production'),
    ...nats.problems,
  ]);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    nats: nats.credentials,
    logLevel: e.LOG_LEVEL,
    tokens: security.tokens,
    gatewayPublicKeys: security.gatewayPublicKeys,
    introspection: security.introspection !== 'off',
    ops: { token: security.opsToken, publicMetrics: security.publicMetrics },
    createDatabase: e.DATABASE_CREATE,
    poolSize: e.DATABASE_POOL_SIZE,
    demoData: e.DEMO_DATA,
    limits: limitsFrom(e),
  };
}

/** Whether this process runs with NODE_ENV=production (checks that code-only settings must not pass there). */
export const runningInProduction = (env: Record<string, string | undefined> = process.env): boolean =>
  env.NODE_ENV === 'production';

/**
 * Parse the configuration or exit with status 1, printing the listed problems (no stack trace):
 * what an operator sees when a process refuses to start.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}

/**
 * The master key of partner pseudonyms (`PSEUDONYM_KEY`), for every service that derives them (students:
 * `Student.pseudonym`; exchange: the change feed's tombstones). The same secret in each. Required in
 * production (≥ 32 random characters, not the development default); outside production the marked
 * development default `DEV_PSEUDONYM_KEY`. Spread `pseudonymKeyEnvironment` into the zod object, add
 * `.superRefine(refinePseudonymKey)`, read it with `pseudonymKeyFrom`.
 */
export const pseudonymKeyEnvironment = {
  PSEUDONYM_KEY: z.string().min(32, 'PSEUDONYM_KEY must be at least 32 characters').optional(),
};

export function refinePseudonymKey(
  e: { NODE_ENV?: string; PSEUDONYM_KEY?: string },
  ctx: z.RefinementCtx,
): void {
  if (e.NODE_ENV !== 'production') return;
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['PSEUDONYM_KEY'], message });
  if (e.PSEUDONYM_KEY === undefined) {
    issue(
      'PSEUDONYM_KEY is required in production (the master key of partner pseudonyms): use `openssl rand -base64 48`',
    );
    return;
  }
  const weak =
    e.PSEUDONYM_KEY === DEV_PSEUDONYM_KEY
      ? 'the public development default'
      : weakSecretReason(e.PSEUDONYM_KEY);
  if (weak) issue(`PSEUDONYM_KEY is ${weak}: use \`openssl rand -base64 48\``);
}

export const pseudonymKeyFrom = (e: { PSEUDONYM_KEY?: string }): string =>
  e.PSEUDONYM_KEY ?? DEV_PSEUDONYM_KEY;
