import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEV_JWT_SECRET } from '@smss/core';

/**
 * Every process refuses to start with NODE_ENV=production and development or placeholder secrets,
 * listing every problem at once: the real entry points, spawned as the launcher and the image do.
 */
const ROOT = path.resolve(__dirname, '../../..');

function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        APOLLO_TELEMETRY_DISABLED: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit:\n${output}`));
    }, 45_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** What a copy of docker-compose.yml / the k8s template would hand a production pod. */
const DEVELOPMENT_DEFAULTS = {
  NODE_ENV: 'production',
  JWT_SECRET: DEV_JWT_SECRET,
  GATEWAY_SHARED_SECRET: 'dev-only-gateway-shared-secret',
  OPS_TOKEN: 'REPLACE-with-a-random-ops-token',
};

describe('production refusal (NODE_ENV=production)', () => {
  it('a subgraph refuses to start with the development defaults and the k8s template values, naming each', async () => {
    const { code, output } = await run('services/schools/src/index.ts', {
      ...DEVELOPMENT_DEFAULTS,
      DATABASE_URL:
        'postgres://smss_schools:REPLACE@postgres.example.internal:5432/smss_schools?sslmode=verify-full',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('Refusing to start schools with NODE_ENV=production:');
    for (const problem of [
      '- DATABASE_URL: the password is a placeholder',
      '- DATABASE_URL: the host postgres.example.internal is a placeholder',
      '- GATEWAY_SHARED_SECRET is no longer used',
      '- JWT_SECRET is set: HS256 user tokens are for development only',
      '- OIDC_JWKS_URL is required in production',
      '- OPS_TOKEN is a placeholder (contains "replace")',
      '- GATEWAY_PUBLIC_KEY (or GATEWAY_PUBLIC_KEY_FILE) is required',
      '- NATS_USER and NATS_PASSWORD (or NATS_CREDS_FILE) are required in production',
    ])
      expect(output).toContain(problem);
  });

  it('the gateway refuses to start without its signing key and with an HS256 secret', async () => {
    const { code, output } = await run('gateway/src/index.ts', DEVELOPMENT_DEFAULTS);
    expect(code).not.toBe(0);
    expect(output).toContain('Refusing to start gateway with NODE_ENV=production:');
    expect(output).toContain('- JWT_SECRET is set: HS256 user tokens are for development only');
    expect(output).toContain('- GATEWAY_PRIVATE_KEY (or GATEWAY_PRIVATE_KEY_FILE) is required');
  });
});
