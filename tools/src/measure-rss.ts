/**
 * `npm run measure:rss`: idle memory of every process of the platform (not a test).
 *
 * Starts the launcher on a fresh data folder, running the compiled builds (`SMSS_COMPILED=1`, as
 * production does; `--tsx` measures the TypeScript dev mode instead), waits for the gateway and
 * for the demo load to finish, lets the processes sit idle, then reads each one's resident set
 * size several times and reports the median. Run `npm run build` first.
 *
 * Options (env): RSS_IDLE_SECONDS (default 30), RSS_SAMPLES (default 5, 2 s apart),
 * DEMO_DATA (default lopburi), NATS_URL / DATABASE_URL as for `npm start`.
 * RSS_RESTART=1 measures a production-shaped process instead of the one that loaded the demo: once the
 * demo is in, the platform is stopped (Ctrl-C) and started again on the same data folder, as a deployment
 * restarts on a full database. RSS_TRAFFIC_SECONDS (default 0) then runs the read benchmark's directory and
 * dashboard queries through the gateway (8 connections, an OBEC analyst, Lopburi's schools) for that long
 * before the idle wait, so what is measured is a process at rest after serving. Without NATS_URL the
 * platform gets a private nats-server on an empty folder: the launcher's own choice, a server already
 * answering on 4222, may hold other runs' events (the tests'), which fresh durables would replay
 * while they are being measured.
 * Results also go to bench-results/rss-<mode>.json.
 *
 * RSS counts the pages of the node binary that the process has touched (file-backed, shared by
 * every Node.js process of the host): the report shows the shared part apart from the private
 * part, from /proc/<pid>/smaps_rollup, on Linux.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startNatsServer } from '@smss/testing/infra.mjs';
import { DASHBOARD_QUERY, DIRECTORY_QUERY, dashboardFiscalYear } from './bench-queries';
import { median, runLoad } from './load';
import { mintToken } from './token';
import { withRuntimeEnv } from './processes';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = process.argv.includes('--tsx');
const MODE = TSX ? 'tsx' : 'compiled';
const IDLE_SECONDS = Number(process.env.RSS_IDLE_SECONDS || 30);
const SAMPLES = Number(process.env.RSS_SAMPLES || 5);
const RESTART = process.env.RSS_RESTART === '1';
const TRAFFIC_SECONDS = Number(process.env.RSS_TRAFFIC_SECONDS || 0);
const DEMO = process.env.DEMO_DATA || 'lopburi';

interface Sample {
  rssMb: number;
  /** Resident pages shared with other processes: mostly the node binary's code. */
  sharedMb?: number;
  /** Pages of this process alone: the V8 heap, malloc, stacks. */
  privateMb?: number;
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

function sample(pid: number): Sample | undefined {
  const rollup = `/proc/${pid}/smaps_rollup`;
  if (existsSync(rollup)) {
    const text = readFileSync(rollup, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return {
      rssMb: mb(field('Rss')),
      sharedMb: mb(field('Shared_Clean') + field('Shared_Dirty')),
      privateMb: mb(field('Private_Clean') + field('Private_Dirty')),
    };
  }
  const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  const kb = Number(ps.stdout.trim());
  return Number.isFinite(kb) && kb > 0 ? { rssMb: mb(kb) } : undefined;
}

/** The platform's processes: children of the launcher running a service, the gateway or PostgreSQL. */
function platformProcesses(launcherPid: number): Array<{ pid: number; name: string }> {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m && Number(m[2]) === launcherPid)
    .map((m) => {
      const args = m[3]!;
      const service = /services\/([a-z0-9-]+)\/(?:src|dist)\/index/.exec(args)?.[1];
      const name = service ?? (/gateway\/(?:src|dist)\/index/.test(args) ? 'gateway' : undefined);
      return { pid: Number(m[1]), name: name ?? '' };
    })
    .filter((p) => p.name);
}

async function main(): Promise<void> {
  if (!TSX) {
    const missing = readdirWorkspaces().filter((w) => !existsSync(path.join(ROOT, w, 'dist', 'index.js')));
    if (missing.length) throw new Error(`No build for ${missing.join(', ')}: run \`npm run build\` first`);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smss-rss-'));
  const nats = process.env.NATS_URL
    ? undefined
    : await startNatsServer({ dataDir: path.join(dataDir, 'private-nats'), port: await freePort() });
  const platform = (): Platform =>
    startPlatform({
      ...process.env,
      ...(nats ? { NATS_URL: nats.url } : {}),
      SMSS_DATA_DIR: dataDir,
      DEMO_DATA: DEMO,
      LOG_LEVEL: 'warn',
      SMSS_COMPILED: TSX ? '0' : '1',
    });
  let running = platform();
  try {
    let readyMs = await running.ready();
    console.log(`Platform (${MODE}) ready in ${(readyMs / 1000).toFixed(1)} s; waiting for the demo load…`);
    if (DEMO !== 'none') await running.seen(/demo students: done/, 600_000);
    if (RESTART) {
      await running.stop();
      running = platform();
      readyMs = await running.ready();
      console.log(`Started again on the same data folder in ${(readyMs / 1000).toFixed(1)} s`);
    }
    if (TRAFFIC_SECONDS > 0) await serveReads(TRAFFIC_SECONDS);
    console.log(
      `${RESTART || TRAFFIC_SECONDS ? 'Now' : 'Demo loaded;'} idle for ${IDLE_SECONDS} s, then ${SAMPLES} samples 2 s apart…`,
    );
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const processes = platformProcesses(running.launcher.pid!);
    const samples = new Map<string, Sample[]>(processes.map((p) => [p.name, []]));
    for (let i = 0; i < SAMPLES; i += 1) {
      for (const p of processes) {
        const s = sample(p.pid);
        if (s) samples.get(p.name)!.push(s);
      }
      if (i < SAMPLES - 1) await new Promise((r) => setTimeout(r, 2000));
    }
    const rows = [...samples.entries()]
      .map(([name, list]) => ({
        name,
        rssMb: median(list.map((s) => s.rssMb)),
        privateMb: list[0]?.privateMb === undefined ? undefined : median(list.map((s) => s.privateMb!)),
        sharedMb: list[0]?.sharedMb === undefined ? undefined : median(list.map((s) => s.sharedMb!)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const options = withRuntimeEnv(process.env).NODE_OPTIONS;
    console.log(
      `\nIdle memory, ${MODE} (${process.version}, NODE_OPTIONS=${options}, median of ${SAMPLES} samples)`,
    );
    console.log('  process           RSS MB   private MB   shared MB (node binary)');
    for (const r of rows)
      console.log(
        `  ${r.name.padEnd(16)} ${r.rssMb.toFixed(1).padStart(7)} ${(r.privateMb?.toFixed(1) ?? '-').padStart(12)} ${(r.sharedMb?.toFixed(1) ?? '-').padStart(11)}`,
      );
    const subgraphs = rows.filter((r) => r.name !== 'gateway');
    console.log(`  subgraphs: max ${Math.max(...subgraphs.map((r) => r.rssMb)).toFixed(1)} MB RSS`);
    mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(
      path.join(ROOT, 'bench-results', `rss-${MODE}.json`),
      JSON.stringify(
        {
          when: new Date().toISOString(),
          mode: MODE,
          node: process.version,
          idleSeconds: IDLE_SECONDS,
          demo: DEMO,
          restarted: RESTART,
          trafficSeconds: TRAFFIC_SECONDS,
          // What every process ran with (RUNTIME_ENV under this shell's own settings).
          runtimeEnv: Object.fromEntries(
            Object.entries(withRuntimeEnv(process.env)).filter(([k]) => /^(MALLOC_|NODE_OPTIONS$)/.test(k)),
          ),
          readyMs,
          processes: rows,
        },
        null,
        2,
      ),
    );
  } finally {
    await running.stop();
    await nats?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Platform {
  launcher: ReturnType<typeof spawn>;
  /** Resolves once the launcher has printed a line matching `pattern`. */
  seen(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Milliseconds the launcher took to have everything ready. */
  ready(): Promise<number>;
  /** Ctrl-C, as a user stops it; resolves once the launcher has exited. */
  stop(): Promise<void>;
}

/** `npm start` (the launcher) with `env`, its output kept to wait for lines and to explain failures. */
function startPlatform(env: NodeJS.ProcessEnv): Platform {
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'tools/src/start.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  launcher.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const seen = (pattern: RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${pattern}:\n${output.slice(-3000)}`)),
        timeoutMs,
      );
      const check = () => {
        if (!pattern.test(output)) return;
        clearTimeout(timer);
        resolve();
      };
      launcher.stdout!.on('data', check);
      launcher.once('exit', (code) =>
        reject(new Error(`the launcher exited (${code}):\n${output.slice(-3000)}`)),
      );
      check();
    });
  return {
    launcher,
    seen,
    async ready() {
      await seen(/SMSS_READY_MS=(\d+)/, 180_000);
      return Number(/SMSS_READY_MS=(\d+)/.exec(output)![1]);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (launcher.exitCode !== null || launcher.signalCode !== null) return resolve();
        launcher.once('exit', () => resolve());
        launcher.kill('SIGINT');
      }),
  };
}

/** The read benchmark's two queries through the gateway, alternately, for `seconds`. */
async function serveReads(seconds: number): Promise<void> {
  const url = `http://127.0.0.1:${process.env.GATEWAY_PORT || process.env.PORT || 4000}/graphql`;
  const fy = dashboardFiscalYear();
  const analyst = await mintToken(['--role', 'obec-analyst', '--org', 'OBEC']);
  const f = { provinceCode: '16' };
  const result = await runLoad({
    url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${analyst}` },
    connections: 8,
    seconds,
    body: (i) =>
      JSON.stringify(
        i % 2
          ? { query: DIRECTORY_QUERY, variables: { first: 20, f } }
          : { query: DASHBOARD_QUERY, variables: { f, after: null, fy } },
      ),
  });
  console.log(
    `Served ${result.requests} reads in ${result.seconds.toFixed(0)} s (${result.rps.toFixed(0)}/s, ${result.errors} errors${result.errorSamples.length ? `: ${result.errorSamples.join('; ')}` : ''})`,
  );
  if (result.errors) throw new Error('the reads failed: the figures would not be of a serving platform');
}

/** Every deployable: the gateway and each services/* with an entry point. */
function readdirWorkspaces(): string[] {
  const services = readdirSync(path.join(ROOT, 'services'))
    .map((name) => `services/${name}`)
    .filter((w) => existsSync(path.join(ROOT, w, 'src', 'index.ts')));
  return ['gateway', ...services];
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
