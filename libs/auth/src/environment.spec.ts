import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEV_JWT_SECRET, loadEnvironment } from '@smss/core';
import {
  databaseUrlProblems,
  gatewaySecurityFrom,
  gatewaySigningEnvironment,
  gatewayVerifyingEnvironment,
  securityEnvironment,
  subgraphSecurityFrom,
  weakSecretReason,
} from './environment';
import { generateGatewayKeyPair } from './gateway-assertion';

const keys = generateGatewayKeyPair();
const nodeEnv = { NODE_ENV: z.string().default('development') };
const subgraphSchema = z.object({ ...nodeEnv, ...securityEnvironment, ...gatewayVerifyingEnvironment });
const gatewaySchema = z.object({ ...nodeEnv, ...securityEnvironment, ...gatewaySigningEnvironment });
const subgraph = (env: Record<string, string>, extra: string[] = []) =>
  subgraphSecurityFrom(loadEnvironment(subgraphSchema, env, 'schools'), 'schools', extra);
const gateway = (env: Record<string, string>) =>
  gatewaySecurityFrom(loadEnvironment(gatewaySchema, env, 'gateway'));
const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return 'NO_ERROR';
};

/** What docker compose and the .env.template files set for development. */
const devDefaults = { JWT_SECRET: DEV_JWT_SECRET, GATEWAY_PUBLIC_KEY: keys.publicKey };
const production = {
  NODE_ENV: 'production',
  OIDC_JWKS_URL: 'https://sso.obec.go.th/realms/smss/protocol/openid-connect/certs',
  OIDC_ISSUER: 'https://sso.obec.go.th/realms/smss',
};

describe('security settings in development', () => {
  it('accepts the development HS256 secret, opens introspection and metrics', () => {
    const s = subgraph(devDefaults);
    expect(s.tokens.secret).toBe(DEV_JWT_SECRET);
    expect(s).toMatchObject({ production: false, introspection: 'open', publicMetrics: true });
  });

  it('needs some way to verify user tokens and the gateway key, listing both', () => {
    const message = thrown(() => subgraph({}));
    expect(message).toMatch(/^Invalid security settings for schools:/);
    expect(message).toMatch(/OIDC_JWKS_URL and OIDC_ISSUER .* or JWT_SECRET/);
    expect(message).toMatch(/GATEWAY_PUBLIC_KEY \(or GATEWAY_PUBLIC_KEY_FILE\) is required/);
  });

  it('refuses the retired GATEWAY_SHARED_SECRET with a pointer to the key pair', () => {
    expect(
      thrown(() => subgraph({ ...devDefaults, GATEWAY_SHARED_SECRET: 'dev-only-gateway-shared-secret' })),
    ).toMatch(/GATEWAY_SHARED_SECRET is no longer used/);
  });

  it('reads keys from *_FILE and refuses an unreadable file or a value that is not a PEM key', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smss-keys-'));
    writeFileSync(path.join(dir, 'private.pem'), keys.privateKey);
    expect(
      gateway({ JWT_SECRET: DEV_JWT_SECRET, GATEWAY_PRIVATE_KEY_FILE: path.join(dir, 'private.pem') })
        .gatewayPrivateKey,
    ).toBe(keys.privateKey);
    expect(
      thrown(() =>
        gateway({ JWT_SECRET: DEV_JWT_SECRET, GATEWAY_PRIVATE_KEY_FILE: path.join(dir, 'missing.pem') }),
      ),
    ).toMatch(/cannot read .*missing\.pem \(ENOENT\)/);
    expect(thrown(() => gateway({ JWT_SECRET: DEV_JWT_SECRET, GATEWAY_PRIVATE_KEY: 'change-me' }))).toMatch(
      /GATEWAY_PRIVATE_KEY: the gateway private key is not a PEM private key/,
    );
  });

  it('turns introspection off when GRAPHQL_INTROSPECTION=false', () => {
    expect(subgraph({ ...devDefaults, GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe('off');
  });
});

describe('security settings with NODE_ENV=production', () => {
  it('refuses to start with the development defaults, listing every problem', () => {
    const message = thrown(() =>
      subgraph({ ...devDefaults, NODE_ENV: 'production', OPS_TOKEN: 'change-me' }, [
        'DATABASE_URL: the password is a placeholder',
      ]),
    );
    expect(message).toMatch(/^Refusing to start schools with NODE_ENV=production:/);
    expect(message).toMatch(/- DATABASE_URL: the password is a placeholder/);
    expect(message).toMatch(
      /- JWT_SECRET is set: HS256 user tokens are for development only .*the public development default/,
    );
    expect(message).toMatch(/- OIDC_JWKS_URL is required in production/);
    expect(message).toMatch(/- OPS_TOKEN is a placeholder \(contains "change-me"\)/);
  });

  it('refuses any HS256 secret in production, however strong', () => {
    const strong = 'Zq8wX1rT5mK9pL2vB7nC4xJ6hG3fD0sAeYuIoP';
    expect(
      thrown(() => subgraph({ ...production, JWT_SECRET: strong, GATEWAY_PUBLIC_KEY: keys.publicKey })),
    ).toMatch(/JWT_SECRET is set: HS256 user tokens are for development only/);
  });

  it('refuses an http JWKS URL, the k8s template values and a private key handed to a subgraph', () => {
    const message = thrown(() =>
      subgraph({
        ...production,
        OIDC_JWKS_URL: 'http://keycloak/realms/smss/protocol/openid-connect/certs',
        GATEWAY_PUBLIC_KEY: keys.publicKey,
        GATEWAY_PRIVATE_KEY: keys.privateKey,
      }),
    );
    expect(message).toMatch(/OIDC_JWKS_URL must use https/);
    const template = thrown(() =>
      subgraph({
        NODE_ENV: 'production',
        OIDC_JWKS_URL: 'https://sso.example.go.th/realms/obec/protocol/openid-connect/certs',
        OIDC_ISSUER: 'https://sso.example.go.th/realms/obec',
        GATEWAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nREPLACE-with-the-output\n-----END PUBLIC KEY-----',
      }),
    );
    expect(template).toMatch(/OIDC_JWKS_URL is a placeholder \(sso\.example\.go\.th\)/);
    expect(template).toMatch(/OIDC_ISSUER is a placeholder/);
    expect(template).toMatch(/GATEWAY_PUBLIC_KEY: a gateway public key is not a valid PEM public key/);
    expect(message).toMatch(/GATEWAY_PRIVATE_KEY is set on a subgraph/);
  });

  it('starts with an identity provider and real keys: no HS256, introspection and metrics closed', () => {
    const s = subgraph({
      ...production,
      GATEWAY_PUBLIC_KEY: keys.publicKey,
      OPS_TOKEN: 'kP3xV9qL2mN8rT5wZ1yB6cF4hJ7dG0sA',
    });
    expect(s.tokens.secret).toBeUndefined();
    expect(s.tokens.oidc).toMatchObject({
      issuer: production.OIDC_ISSUER,
      roleClaim: 'role',
      orgClaim: 'org',
    });
    expect(s).toMatchObject({ production: true, introspection: 'off', publicMetrics: false });
    expect(
      gateway({ ...production, GATEWAY_PRIVATE_KEY: keys.privateKey, GRAPHQL_INTROSPECTION: 'true' })
        .introspection,
    ).toBe('authenticated');
  });
});

describe('weak and placeholder secrets', () => {
  it('names the k8s template strings, common placeholders, short and low-entropy values', () => {
    expect(weakSecretReason('REPLACE-with-at-least-32-random-characters')).toMatch(/placeholder.*replace/);
    for (const value of ['change-me', 'changeme', 'secret', 'placeholder', 'example-key'])
      expect(weakSecretReason(value)).toMatch(/placeholder/);
    expect(weakSecretReason(DEV_JWT_SECRET)).toBe('the public development default');
    expect(weakSecretReason('Zq8wX1rT5mK9')).toMatch(/too short/);
    expect(weakSecretReason('ab'.repeat(20))).toMatch(/not random/);
    expect(weakSecretReason('kP3xV9qL2mN8rT5wZ1yB6cF4hJ7dG0sA')).toBeUndefined();
  });

  it('finds placeholder passwords and hosts in database URLs, in production only', () => {
    const template =
      'postgres://smss_schools:REPLACE@postgres.example.internal:5432/smss_schools?sslmode=verify-full';
    expect(databaseUrlProblems('DATABASE_URL', template, true)).toEqual([
      'DATABASE_URL: the password is a placeholder',
      'DATABASE_URL: the host postgres.example.internal is a placeholder',
    ]);
    expect(
      databaseUrlProblems('DATABASE_URL', 'postgres://smss:smss-dev-password@postgres:5432/x', true),
    ).toEqual(['DATABASE_URL: the password is the public development default']);
    expect(databaseUrlProblems('DATABASE_URL', template, false)).toEqual([]);
    expect(databaseUrlProblems('DATABASE_URL', 'postgres://smss:Xk29vLq8Zr@db.obec.go.th/x', true)).toEqual(
      [],
    );
  });
});
