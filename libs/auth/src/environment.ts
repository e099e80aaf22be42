import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEV_JWT_SECRET } from '@smss/core';
import { parseGatewayPrivateKey, parseGatewayPublicKeys } from './gateway-assertion';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, type TokenSettings } from './tokens';

/**
 * Security settings every process reads (spread into its zod schema by `environment.ts`):
 * user tokens (OIDC JWKS in production, an HS256 secret only in development), the ops
 * credential for /readyz details and /metrics, and introspection. Secrets never have defaults.
 */
export const securityEnvironment = {
  /** HS256 development secret. Refused when NODE_ENV=production. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().default('smss-federated'),
  JWT_AUDIENCE: z.string().default('smss-api'),
  OIDC_JWKS_URL: z.string().url('OIDC_JWKS_URL must be a URL').optional(),
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).default('smss-api'),
  OIDC_ROLE_CLAIM: z.string().min(1).default('role'),
  OIDC_ORG_CLAIM: z.string().min(1).default('org'),
  TOKEN_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600)
    .default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
  /** Bearer credential for /readyz details and /metrics (Prometheus `authorization`), besides obec-admin tokens. */
  OPS_TOKEN: z.string().min(1).optional(),
  /** `true`/`false`; unset: on in development, off in production. */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).optional(),
  /** Retired: only read to refuse it with a clear message. */
  GATEWAY_SHARED_SECRET: z.string().optional(),
};

/** The gateway's ES256 signing key: PEM in the variable, or a path to a PEM file. */
export const gatewaySigningEnvironment = {
  GATEWAY_PRIVATE_KEY: z.string().min(1).optional(),
  GATEWAY_PRIVATE_KEY_FILE: z.string().min(1).optional(),
};

/** The public key(s) a subgraph checks gateway assertions with (several PEM blocks during a rotation). */
export const gatewayVerifyingEnvironment = {
  GATEWAY_PUBLIC_KEY: z.string().min(1).optional(),
  GATEWAY_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** Read only to refuse it: the private key belongs to the gateway alone. */
  GATEWAY_PRIVATE_KEY: z.string().optional(),
  GATEWAY_PRIVATE_KEY_FILE: z.string().optional(),
};

type SecurityEnvironment = { NODE_ENV: string } & z.infer<z.ZodObject<typeof securityEnvironment>>;
type SigningEnvironment = SecurityEnvironment & z.infer<z.ZodObject<typeof gatewaySigningEnvironment>>;
type VerifyingEnvironment = SecurityEnvironment & z.infer<z.ZodObject<typeof gatewayVerifyingEnvironment>>;

/** `off`: refused; `authenticated`: only with a valid user token; `open`: anyone (development). */
export type IntrospectionMode = 'off' | 'authenticated' | 'open';

export interface SecuritySettings {
  production: boolean;
  tokens: TokenSettings;
  opsToken?: string;
  introspection: IntrospectionMode;
  /** /metrics without a credential (development only). */
  publicMetrics: boolean;
}

const KNOWN_DEFAULTS = new Map<string, string>([
  [DEV_JWT_SECRET, 'the public development default'],
  ['dev-only-gateway-shared-secret', 'the public development default'],
  ['smss-dev-password', 'the public development default'],
]);
const PLACEHOLDER_MARKERS = [
  'change-me',
  'changeme',
  'change_me',
  'replace',
  'placeholder',
  'example',
  'secret',
  'password',
  'dev-only',
  'insecure',
  'your-',
  'todo',
  'xxx',
];

/**
 * Why a secret must not be used in production, or undefined: a development default, a known
 * placeholder (the strings of infra/k8s/secret.example.yaml, "change-me", "secret", …), too short
 * (< `minLength`) or with too few distinct characters to be random.
 */
export function weakSecretReason(value: string, minLength = 32): string | undefined {
  const known = KNOWN_DEFAULTS.get(value);
  if (known) return known;
  const lower = value.toLowerCase();
  const marker = PLACEHOLDER_MARKERS.find((m) => lower.includes(m));
  if (marker) return `a placeholder (contains "${marker}")`;
  if (value.length < minLength) return `too short (${value.length} < ${minLength} characters)`;
  if (new Set(value).size < 10) return 'not random (too few distinct characters)';
  return undefined;
}

function keyMaterial(
  name: string,
  inline: string | undefined,
  file: string | undefined,
  problems: string[],
): string | undefined {
  if (inline && file) {
    problems.push(`${name} and ${name}_FILE are both set: give one`);
    return undefined;
  }
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(
        `${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      return undefined;
    }
  }
  return inline;
}

const hostOf = (url: string): string | undefined => {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
};

function commonSecurity(e: SecurityEnvironment, problems: string[]): SecuritySettings {
  const production = e.NODE_ENV === 'production';
  if (e.GATEWAY_SHARED_SECRET !== undefined) {
    problems.push(
      'GATEWAY_SHARED_SECRET is no longer used: the gateway signs a short-lived assertion per subgraph call ' +
        '(GATEWAY_PRIVATE_KEY on the gateway, GATEWAY_PUBLIC_KEY on the subgraphs); remove it',
    );
  }
  if (!e.JWT_SECRET && !e.OIDC_JWKS_URL) {
    problems.push(
      'no way to verify user tokens: set OIDC_JWKS_URL and OIDC_ISSUER (identity provider), or JWT_SECRET in development',
    );
  }
  if (e.OIDC_JWKS_URL && !e.OIDC_ISSUER) problems.push('OIDC_ISSUER is required with OIDC_JWKS_URL');
  if (production) {
    if (e.JWT_SECRET !== undefined) {
      const weak = weakSecretReason(e.JWT_SECRET);
      problems.push(
        'JWT_SECRET is set: HS256 user tokens are for development only and are refused in production; ' +
          `verify tokens from the identity provider with OIDC_JWKS_URL and OIDC_ISSUER${weak ? ` (the value is also ${weak})` : ''}`,
      );
    }
    if (!e.OIDC_JWKS_URL)
      problems.push("OIDC_JWKS_URL is required in production (the identity provider's JWKS)");
    else if (!e.OIDC_JWKS_URL.startsWith('https://'))
      problems.push('OIDC_JWKS_URL must use https in production (the keys decide who gets in)');
    for (const [name, value] of [
      ['OIDC_JWKS_URL', e.OIDC_JWKS_URL],
      ['OIDC_ISSUER', e.OIDC_ISSUER],
    ] as const) {
      const host = value ? hostOf(value) : undefined;
      if (host && /(^|\.)example(\.|$)/i.test(host)) problems.push(`${name} is a placeholder (${host})`);
    }
    if (e.OPS_TOKEN !== undefined) {
      const weak = weakSecretReason(e.OPS_TOKEN);
      if (weak) problems.push(`OPS_TOKEN is ${weak}: use \`openssl rand -base64 32\``);
    }
  }
  const introspection: IntrospectionMode =
    e.GRAPHQL_INTROSPECTION === 'false'
      ? 'off'
      : production
        ? e.GRAPHQL_INTROSPECTION === 'true'
          ? 'authenticated'
          : 'off'
        : 'open';
  return {
    production,
    tokens: {
      secret: production ? undefined : e.JWT_SECRET,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      oidc:
        e.OIDC_JWKS_URL && e.OIDC_ISSUER
          ? {
              jwksUrl: e.OIDC_JWKS_URL,
              issuer: e.OIDC_ISSUER,
              audience: e.OIDC_AUDIENCE,
              roleClaim: e.OIDC_ROLE_CLAIM,
              orgClaim: e.OIDC_ORG_CLAIM,
            }
          : undefined,
      maxLifetimeSeconds: e.TOKEN_MAX_LIFETIME_SECONDS,
    },
    opsToken: e.OPS_TOKEN,
    introspection,
    publicMetrics: !production,
  };
}

/** Throw one error listing every problem; in production the message says the process refuses to start. */
export function assertDeployable(name: string, production: boolean, problems: string[]): void {
  if (!problems.length) return;
  const head = production
    ? `Refusing to start ${name} with NODE_ENV=production:`
    : `Invalid security settings for ${name}:`;
  throw new Error(`${head}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}

/** The gateway's security settings; throws listing every problem. */
export function gatewaySecurityFrom(
  e: SigningEnvironment,
  name = 'gateway',
  extraProblems: string[] = [],
): SecuritySettings & { gatewayPrivateKey: string } {
  const problems = [...extraProblems];
  const settings = commonSecurity(e, problems);
  const key = keyMaterial('GATEWAY_PRIVATE_KEY', e.GATEWAY_PRIVATE_KEY, e.GATEWAY_PRIVATE_KEY_FILE, problems);
  if (!key && !problems.some((p) => p.startsWith('GATEWAY_PRIVATE_KEY')))
    problems.push(
      'GATEWAY_PRIVATE_KEY (or GATEWAY_PRIVATE_KEY_FILE) is required: the ES256 key the gateway signs subgraph assertions with',
    );
  if (key) {
    try {
      parseGatewayPrivateKey(key);
    } catch (error) {
      problems.push(`GATEWAY_PRIVATE_KEY: ${(error as Error).message}`);
    }
  }
  assertDeployable(name, settings.production, problems);
  return { ...settings, gatewayPrivateKey: key! };
}

/** A subgraph's security settings; throws listing every problem. */
export function subgraphSecurityFrom(
  e: VerifyingEnvironment,
  name: string,
  extraProblems: string[] = [],
): SecuritySettings & { gatewayPublicKeys: string } {
  const problems = [...extraProblems];
  const settings = commonSecurity(e, problems);
  const keys = keyMaterial('GATEWAY_PUBLIC_KEY', e.GATEWAY_PUBLIC_KEY, e.GATEWAY_PUBLIC_KEY_FILE, problems);
  if (!keys && !problems.some((p) => p.startsWith('GATEWAY_PUBLIC_KEY')))
    problems.push(
      "GATEWAY_PUBLIC_KEY (or GATEWAY_PUBLIC_KEY_FILE) is required: the gateway's public key, to check that requests come through it",
    );
  if (keys) {
    try {
      parseGatewayPublicKeys(keys);
    } catch (error) {
      problems.push(`GATEWAY_PUBLIC_KEY: ${(error as Error).message}`);
    }
  }
  if (settings.production && (e.GATEWAY_PRIVATE_KEY || e.GATEWAY_PRIVATE_KEY_FILE))
    problems.push(
      'GATEWAY_PRIVATE_KEY is set on a subgraph: the signing key must stay with the gateway alone',
    );
  assertDeployable(name, settings.production, problems);
  return { ...settings, gatewayPublicKeys: keys! };
}

/** Problems with a database URL in production: a placeholder or default password, a placeholder host. */
export function databaseUrlProblems(variable: string, url: string, production: boolean): string[] {
  if (!production) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`${variable} is not a URL`];
  }
  const problems: string[] = [];
  const password = decodeURIComponent(parsed.password);
  if (password) {
    const weak =
      KNOWN_DEFAULTS.get(password) ??
      (PLACEHOLDER_MARKERS.some((m) => password.toLowerCase().includes(m)) || password === 'REPLACE'
        ? 'a placeholder'
        : undefined);
    if (weak) problems.push(`${variable}: the password is ${weak}`);
  }
  if (/(^|\.)example(\.|$)/i.test(parsed.hostname))
    problems.push(`${variable}: the host ${parsed.hostname} is a placeholder`);
  return problems;
}
