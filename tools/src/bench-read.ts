/**
 * `npm run bench:read`: the read path through the gateway, as ratios measured in one run (not a test).
 *
 * Starts on fresh databases (`bench_read_<run>_<service>` on DATABASE_URL / TEST_DATABASE_URL, dropped
 * afterwards) and a private `nats-server -js` on a free port, every process on a free port (so it runs
 * beside an `npm start` or another bench):
 *  - the schools, students, personnel and finance subgraphs, each its own process as `npm start` runs
 *    them (demo data: the national directory and its students by default, staffing and allocations
 *    computed from the closed term-1 round), and a gateway in front of them ("trust on");
 *  - the same four subgraphs again on the same databases with relay and consumers off and
 *    `trustLayer: 'off-for-benchmark'` (tools/src/bench-subgraph.ts), behind a second gateway
 *    ("trust off": the baseline the trust layer's cost is measured against);
 *  - with BENCH_BASELINE_TREE=<another checkout>, the four subgraphs and the gateway of that checkout too,
 *    on the same databases ("baseline tree": before/after a change in the same run).
 * Once the demo has settled (round closed, every Lopburi school's staffing and allocations present,
 * every JetStream consumer caught up, statistics gathered, the processes idle) it loads, in interleaved
 * rounds (the order rotates each round, so the other users' load on the shared cores falls on every
 * case alike):
 *  - the directory query (`schools(first: 20, filter: {areaOfficeCode})`, area office and province;
 *    the area office varies per request) straight to the schools subgraph and through each gateway;
 *  - the dashboard query (10 Lopburi schools per page with `students(first: 5) { totalCount }`,
 *    `staffing`, `allocations(fiscalYear:)`; the page varies per request) through each gateway, as an
 *    OBEC analyst and as an area officer (who gets row scope rather than OBEC's pass).
 * For each case: requests/s, p50, p99 and the CPU milliseconds per request of every process (the
 * gateway, each subgraph, PostgreSQL per database) read from /proc: each subgraph's share.
 *
 * Options (env): BENCH_SECONDS (per case and round, default 3, at most 55: a gateway assertion lives
 * 60 s), BENCH_ROUNDS (9: short slices in many rounds keep each compared pair seconds apart; a ratio is
 * the median over rounds of the ratio within a round), BENCH_CONNECTIONS (16), DEMO_DATA (national |
 * lopburi; default national),
 * BENCH_POOL_SIZE (each subgraph's DATABASE_POOL_SIZE, default 2: up to twelve subgraph processes
 * share the server's connection limit with whatever else uses it; 2 per process keep the bench under
 * 30), BENCH_ANALYZE=0 (skip the ANALYZE after the demo load), GATEWAY_WORKERS (passed to every
 * gateway), BENCH_GATEWAY_WORKERS=N (one more gateway with N node:cluster workers in front of the
 * trust-on subgraphs, compared with the single-process one), BENCH_PROFILE=1 or =<part of a case name> (one extra profiled round of the trust-on
 * dashboard, or of that case: V8 CPU profiles of the gateway and subgraphs in bench-results/profiles/,
 * summarised; it runs the sources unless BENCH_RUNTIME=compiled), BENCH_RUNTIME (compiled: the
 * `npm run build` bundles, as production runs them, the default; tsx: the sources), BENCH_CASES
 * (comma-separated parts of case names to run; default all), BENCH_KEEP=1
 * (keep the databases).
 * Results: a table on stdout and bench-results/read-path.json.
 */
import { existsSync, readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createGatewayAssertionSigner, GATEWAY_ASSERTION_HEADER } from '@smss/auth';
import { readSubgraphList } from '@smss/gateway';
import { databaseUrlFor } from '@smss/db';
import { dropScratchDatabase, median, writeBenchResult } from '@smss/testing';
import { freePort, startNatsServer } from '@smss/testing/infra.mjs';
import { mintToken } from './token';
import { DASHBOARD_QUERY, DIRECTORY_QUERY, dashboardFiscalYear } from './bench-queries';
import { devGatewayKeys, devSettings } from './dev-settings';
import { runLoad, type LoadResult } from './load';
import { startNodeProcess, stopProcess, type Supervised } from './processes';
import { summariseProfile } from './cpu-profile';
import { buildWorkspace } from './build';
import { compiledEntrySource } from './bench-subgraph';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Math.min(55, Number(process.env.BENCH_SECONDS || 3));
const ROUNDS = Number(process.env.BENCH_ROUNDS || 9);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const SCALE = process.env.DEMO_DATA || 'national';
const PROFILE = !!process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== '0';
/**
 * What runs: the compiled bundles (`dist/index.js`, as production does; `npm run build` first) or the
 * TypeScript sources under tsx (`BENCH_RUNTIME=tsx`; the default with BENCH_PROFILE, whose per-package
 * attribution needs the sources' file names).
 */
const RUNTIME = process.env.BENCH_RUNTIME || (PROFILE ? 'tsx' : 'compiled');
if (RUNTIME !== 'compiled' && RUNTIME !== 'tsx') throw new Error('BENCH_RUNTIME is compiled or tsx');
const COMPILED = RUNTIME === 'compiled';
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE || 2);
const EXTRA_WORKERS = process.env.BENCH_GATEWAY_WORKERS || undefined;
const BASELINE_TREE = process.env.BENCH_BASELINE_TREE
  ? path.resolve(process.env.BENCH_BASELINE_TREE)
  : undefined;
const SERVER =
  process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/** The subgraphs the two queries reach; the others are not started (their URLs are never called). */
const MEASURED = ['schools', 'students', 'personnel', 'finance'];
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface Proc {
  name: string;
  p: Supervised;
  url: string;
  output: string[];
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const procs: Proc[] = [];

function start(name: string, entry: string, env: Record<string, string>, port: number, cwd = ROOT): Proc {
  const p = startNodeProcess(name, entry, {
    cwd,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      ...(PROFILE
        ? { BENCH_PROFILE_DIR: path.join(ROOT, 'bench-results', 'profiles'), BENCH_PROFILE_NAME: name }
        : {}),
    },
    nodeArgs: [
      ...(PROFILE ? ['--require', path.join(__dirname, 'bench-profiler.cjs')] : []),
      ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
    ],
  });
  const proc: Proc = { name, p, url: `http://127.0.0.1:${port}/graphql`, output: [] };
  const keep = (d: Buffer) => {
    proc.output.push(...d.toString().split('\n').filter(Boolean));
    if (proc.output.length > 40) proc.output.splice(0, proc.output.length - 40);
  };
  p.child.stdout?.on('data', keep);
  p.child.stderr?.on('data', keep);
  procs.push(proc);
  return proc;
}

/** A deployable's entry point in `tree`, for the RUNTIME. */
function entryOf(workspace: string, tree = ROOT): string {
  const entry = COMPILED ? `${workspace}/dist/index.js` : `${workspace}/src/index.ts`;
  if (!existsSync(path.join(tree, entry)))
    throw new Error(
      `${path.join(tree, entry)} is missing: run \`npm run build\` there (or BENCH_RUNTIME=tsx)`,
    );
  return entry;
}

/** The entry point of subgraph `name` without its trust layer (bundled, when compiled, beside dist/). */
async function trustOffEntryOf(name: string): Promise<string> {
  if (!COMPILED) return 'tools/src/bench-subgraph.ts';
  const { outdir } = await buildWorkspace(`services/${name}`, {
    source: compiledEntrySource(name),
    outdir: '.bench-dist',
  });
  return path.join(outdir, 'index.js');
}

async function waitHttp(proc: Proc, route: string, timeoutMs = 600_000): Promise<void> {
  const url = proc.url.replace(/\/graphql$/, route);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.p.hasExited()) throw new Error(`${proc.name} exited while starting:\n${proc.output.join('\n')}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not yet
    }
    await sleep(250);
  }
  throw new Error(`${proc.name} not ready at ${url}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- CPU accounting from /proc -------------------------------------------------------------------

interface ProcStat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined;
  }
}

/** CPU ticks by pid, grouped per measured process (with its descendants: gateway workers) and per benchmark database. */
type CpuSnapshot = Map<string, Map<number, number>>;

function cpuSnapshot(databases: Map<string, string>): CpuSnapshot {
  const stats = new Map<number, ProcStat>();
  const out: CpuSnapshot = new Map();
  const add = (group: string, pid: number, ticks: number) => {
    const pids = out.get(group) ?? new Map<number, number>();
    pids.set(pid, ticks);
    out.set(group, pids);
  };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat) continue;
    stats.set(pid, stat);
    let title = '';
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    // `postgres: [<cluster>: ]<user> <database> <client> <state>`
    const m = /^postgres: (?:\S+: )?\S+ (\S+) /.exec(title);
    const service = m && databases.get(m[1]!);
    if (service) add(`pg:${service}`, pid, stat.ticks);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const tree = (group: string, pid: number): void => {
    add(group, pid, stats.get(pid)?.ticks ?? 0);
    for (const c of children.get(pid) ?? []) tree(group, c);
  };
  for (const proc of procs) if (proc.p.child.pid) tree(proc.name, proc.p.child.pid);
  return out;
}

/**
 * Ticks spent between two snapshots per group: by pid, so a database backend that closed meanwhile
 * (an idle pool connection) takes its ticks with it instead of making the sum negative.
 */
function cpuTicksBetween(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const [group, pids] of after) {
    let ticks = 0;
    for (const [pid, t] of pids) ticks += t - (before.get(group)?.get(pid) ?? 0);
    out.set(group, ticks);
  }
  return out;
}

// ---- the run -------------------------------------------------------------------------------------

interface Case {
  name: string;
  query: 'directory' | 'dashboard';
  set: PlatformSet['key'];
  target: () => Promise<{ url: string; headers: Record<string, string> }>;
  body: (i: number) => string;
  /** Processes whose CPU belongs to this case (the others idle meanwhile). */
  processes: string[];
}

interface Measured extends LoadResult {
  cpuMsPerRequest: Record<string, number>;
}

/** The four subgraphs and a gateway: with the trust layer, without it, or from a baseline checkout. */
interface PlatformSet {
  /** `on`, `off` or `base`: the suffix of its processes' names (none for `on`). */
  key: 'on' | 'off' | 'base' | 'workers';
  label: string;
  subgraphs: Record<string, Proc>;
  gateway: Proc;
}

async function main(): Promise<void> {
  const run = randomBytes(3).toString('hex');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'smss-bench-read-'));
  const databases = new Map(MEASURED.map((name) => [`bench_read_${run}_${name}`, name]));
  const dbOf = (name: string) => [...databases].find(([, n]) => n === name)![0];
  const natsPort = await freePort();
  const nats = await startNatsServer({ dataDir: path.join(tmp, 'nats'), port: natsPort });
  say(
    `NATS: private nats-server -js on :${natsPort}; databases bench_read_${run}_* on ${new URL(SERVER).host}`,
  );
  const keys = devGatewayKeys(tmp);
  const s = devSettings();
  const shared = {
    NATS_URL: nats.url,
    JWT_SECRET: s.jwtSecret,
    JWT_ISSUER: s.jwtIssuer,
    JWT_AUDIENCE: s.jwtAudience,
    // Warnings too: a subgraph's refusal of a gateway assertion says why only at warn.
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
    // Several sets of subgraphs share the server's connection limit with the other users of the machine.
    DATABASE_POOL_SIZE: String(POOL_SIZE),
  };
  const subgraphEnv = (name: string, extra: Record<string, string>) => ({
    ...shared,
    GATEWAY_PUBLIC_KEY_FILE: keys.publicKeyFile,
    DATABASE_URL: databaseUrlFor(SERVER, dbOf(name)),
    ...extra,
  });
  const subgraphList = readSubgraphList();
  const unused = `http://127.0.0.1:9/graphql`; // discard port: never called by these queries
  const startGatewayFor = async (
    key: PlatformSet['key'],
    urls: Record<string, Proc>,
    cwd = ROOT,
    workers = process.env.GATEWAY_WORKERS,
  ) => {
    const gateway = start(
      key === 'on' ? 'gateway' : `gateway-${key}`,
      entryOf('gateway', cwd),
      {
        ...shared,
        GATEWAY_PRIVATE_KEY_FILE: keys.privateKeyFile,
        ...(workers ? { GATEWAY_WORKERS: workers } : {}),
        ...Object.fromEntries(subgraphList.map((sg) => [sg.urlEnv, urls[sg.name]?.url ?? unused])),
      },
      await freePort(),
      cwd,
    );
    await waitHttp(gateway, '/healthz');
    return gateway;
  };
  const sets: PlatformSet[] = [];
  try {
    const t0 = Date.now();
    const on: Record<string, Proc> = {};
    for (const name of MEASURED)
      on[name] = start(
        name,
        entryOf(`services/${name}`),
        subgraphEnv(name, { DATABASE_CREATE: 'true', DEMO_DATA: SCALE }),
        await freePort(),
      );
    for (const name of MEASURED) await waitHttp(on[name]!, '/readyz');
    sets.push({ key: 'on', label: 'trust on', subgraphs: on, gateway: await startGatewayFor('on', on) });
    say(
      `trust-on platform up in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the demo to settle …`,
    );
    const analyst = await mintToken(['--role', 'obec-analyst', '--org', 'OBEC']);
    const fiscalYear = dashboardFiscalYear();
    await demoSettled(sets[0]!.gateway.url, analyst, fiscalYear);
    await busQuiet(nats.url);
    if (process.env.BENCH_ANALYZE !== '0') {
      // Fresh statistics, as autovacuum gathers them after a bulk load (the development machines'
      // shared PostgreSQL runs with autovacuum off; production, `npm start`'s embedded server and
      // docker compose run it). Without them the planner picks plans for empty tables.
      for (const db of databases.keys()) {
        const c = new Client({ connectionString: databaseUrlFor(SERVER, db) });
        await c.connect();
        await c.query('ANALYZE');
        await c.end();
      }
      say('  ANALYZE done on the benchmark databases');
    }

    // The baseline of the trust layer's cost: the same subgraphs without it, on the same databases.
    const off: Record<string, Proc> = {};
    for (const name of MEASURED)
      off[name] = start(
        `${name}-off`,
        await trustOffEntryOf(name),
        subgraphEnv(name, { DATABASE_CREATE: 'false', DEMO_DATA: 'none', BENCH_SUBGRAPH: name }),
        await freePort(),
      );
    for (const name of MEASURED) await waitHttp(off[name]!, '/readyz');
    sets.push({ key: 'off', label: 'trust off', subgraphs: off, gateway: await startGatewayFor('off', off) });

    // Before/after in one run: the same processes from another checkout (BENCH_BASELINE_TREE).
    if (BASELINE_TREE) {
      const base: Record<string, Proc> = {};
      for (const name of MEASURED)
        base[name] = start(
          `${name}-base`,
          entryOf(`services/${name}`, BASELINE_TREE),
          subgraphEnv(name, { DATABASE_CREATE: 'false', DEMO_DATA: 'none' }),
          await freePort(),
          BASELINE_TREE,
        );
      for (const name of MEASURED) await waitHttp(base[name]!, '/readyz');
      sets.push({
        key: 'base',
        label: 'baseline tree',
        subgraphs: base,
        gateway: await startGatewayFor('base', base, BASELINE_TREE),
      });
    }
    // A second gateway with node:cluster workers in front of the trust-on subgraphs (BENCH_GATEWAY_WORKERS).
    if (EXTRA_WORKERS)
      sets.push({
        key: 'workers',
        label: `trust on, ${EXTRA_WORKERS} gateway workers`,
        subgraphs: on,
        gateway: await startGatewayFor('workers', on, ROOT, EXTRA_WORKERS),
      });
    await busQuiet(nats.url);
    await cpuQuiet(databases);

    const gatewayOn = sets[0]!.gateway;
    const areaOffices = await areaOfficeCodes(gatewayOn.url, analyst);
    const lopburiPages = await pagesOf(gatewayOn.url, analyst, { provinceCode: '16' });
    const areaOfficer = await mintToken(['--role', 'area-officer', '--org', '1601']);
    const areaPages = await pagesOf(gatewayOn.url, areaOfficer, { areaOfficeCode: '1601' });
    const json = { 'content-type': 'application/json' };
    const bearer = (token: string) => ({ ...json, authorization: `Bearer ${token}` });
    const signer = createGatewayAssertionSigner(readFileSync(keys.privateKeyFile, 'utf8'));
    const directoryBody = (i: number) =>
      JSON.stringify({
        query: DIRECTORY_QUERY,
        variables: { first: 20, f: { areaOfficeCode: areaOffices[i % areaOffices.length] } },
      });
    const dashboardBody = (pages: Array<string | null>, filter: object) => (i: number) =>
      JSON.stringify({
        query: DASHBOARD_QUERY,
        variables: { f: filter, after: pages[i % pages.length], fy: fiscalYear },
      });
    const pg = MEASURED.map((n) => `pg:${n}`);
    const allCases: Case[] = [];
    for (const set of sets) {
      const names = MEASURED.map((n) => set.subgraphs[n]!.name);
      const through = (token: string) => async () => ({ url: set.gateway.url, headers: bearer(token) });
      if (set.key === 'on' || set.key === 'base')
        allCases.push({
          name: `directory · schools subgraph direct${set.key === 'base' ? ', baseline tree' : ''}`,
          query: 'directory',
          set: set.key,
          // "As the gateway": one assertion per round (assertions live 60 s).
          target: async () => ({
            url: set.subgraphs.schools!.url,
            headers: {
              ...bearer(analyst),
              [GATEWAY_ASSERTION_HEADER]: await signer.sign({
                subgraph: 'schools',
                requestId: 'bench',
                token: analyst,
              }),
            },
          }),
          body: directoryBody,
          processes: [set.subgraphs.schools!.name, 'pg:schools'],
        });
      allCases.push(
        {
          name: `directory · gateway, ${set.label}`,
          query: 'directory',
          set: set.key,
          target: through(analyst),
          body: directoryBody,
          processes: [set.gateway.name, set.subgraphs.schools!.name, 'pg:schools'],
        },
        {
          name: `dashboard · gateway, ${set.label} (OBEC analyst)`,
          query: 'dashboard',
          set: set.key,
          target: through(analyst),
          body: dashboardBody(lopburiPages, { provinceCode: '16' }),
          processes: [set.gateway.name, ...names, ...pg],
        },
        {
          name: `dashboard · gateway, ${set.label} (area officer 1601)`,
          query: 'dashboard',
          set: set.key,
          target: through(areaOfficer),
          body: dashboardBody(areaPages, { areaOfficeCode: '1601' }),
          processes: [set.gateway.name, ...names, ...pg],
        },
      );
    }
    // Cases compared with each other run next to each other in a round.
    const kind = (c: Case) =>
      c.query === 'directory'
        ? c.name.includes('subgraph direct')
          ? 0
          : 1
        : c.name.includes('OBEC')
          ? 2
          : 3;
    const setOrder = (c: Case) => ['on', 'workers', 'off', 'base'].indexOf(c.set);
    allCases.sort((x, y) => kind(x) - kind(y) || setOrder(x) - setOrder(y));
    const only = process.env.BENCH_CASES?.split(',').map((c) => c.trim());
    const cases = only ? allCases.filter((c) => only.some((o) => c.name.includes(o))) : allCases;
    if (!cases.length)
      throw new Error(`BENCH_CASES matches none of: ${allCases.map((c) => c.name).join('; ')}`);

    // Every answer must be complete and error-free before anything is timed.
    for (const c of cases) await checkAnswer(c);
    for (const c of cases) {
      const t = await c.target();
      await runLoad({ ...t, body: c.body, connections: CONNECTIONS, seconds: 5 });
    }
    const results = new Map<string, Measured[]>(cases.map((c) => [c.name, []]));
    for (let r = 0; r < ROUNDS; r += 1) {
      // Rotate the order each round, and run every other round backwards: drift, the other users'
      // load and whatever a case leaves behind for the next one fall on every case alike.
      const rotated = cases.map((_, i) => cases[(i + Math.floor(r / 2)) % cases.length]!);
      const order = r % 2 ? rotated.reverse() : rotated;
      for (const c of order) {
        const m = await measure(c, databases);
        results.get(c.name)!.push(m);
        say(
          `round ${r + 1} ${c.name.padEnd(56)} ${m.rps.toFixed(0).padStart(5)} req/s  p50 ${m.p50.toFixed(1).padStart(6)} ms  p99 ${m.p99.toFixed(1).padStart(6)} ms  errors ${m.errors}`,
        );
        for (const e of m.errorSamples) say(`        error: ${e}`);
        if (m.errors)
          for (const proc of procs.filter((x) => c.processes.includes(x.name)))
            for (const line of proc.output.filter((l) => /"level":(40|50)/.test(l)).slice(-3))
              say(`        ${proc.name} said: ${line.slice(0, 400)}`);
      }
    }

    const summary = cases.map((c) => summarise(c, results.get(c.name)!));
    const find = (query: Case['query'], set: PlatformSet['key'], what: string) =>
      summary.find((x) => x.query === query && x.set === set && x.name.includes(what));
    // Each ratio is the median over rounds of the ratio within a round: both sides measured seconds
    // apart, under the same load from the machine's other users.
    const paired = (a: { name: string } | undefined, b: { name: string } | undefined) => {
      const A = a && results.get(a.name);
      const B = b && results.get(b.name);
      return A && B ? A.map((x, i) => [x, B[i]!] as const) : undefined;
    };
    // Requests/s of one case over another's, or the difference of their p50s in ms.
    const compare = (of: 'rps' | 'p50', a?: { name: string }, b?: { name: string }) => {
      const pairs = paired(a, b);
      return pairs && median(pairs.map(([x, y]) => (of === 'rps' ? x.rps / y.rps : x.p50 - y.p50)));
    };
    /** Within one platform set: the gateway against the schools subgraph direct, the dashboard against the directory. */
    const withinSet = (set: PlatformSet['key'], prefix?: string) => {
      const gateway = find('directory', set, 'gateway');
      const direct = find('directory', set, 'subgraph direct');
      return prefixed(prefix, {
        gatewayToDirectThroughput: compare('rps', gateway, direct),
        gatewayMinusDirectP50Ms: compare('p50', gateway, direct),
        dashboardToDirectoryThroughput: compare('rps', find('dashboard', set, 'OBEC'), gateway),
      });
    };
    /** The same cases in two platform sets (throughput of `a` over `b`): the directory through the gateway, the OBEC dashboard, the area dashboard. */
    const acrossSets = (a: PlatformSet['key'], b: PlatformSet['key'], names: string[]) => {
      const cases: Array<[Case['query'], string]> = [
        ['directory', 'gateway'],
        ['dashboard', 'OBEC'],
        ['dashboard', 'area'],
      ];
      return Object.fromEntries(
        names.map((name, i) => {
          const [query, what] = cases[i]!;
          return [name, compare('rps', find(query, a, what), find(query, b, what))];
        }),
      );
    };
    const ratios: Record<string, number | undefined> = {
      ...withinSet('on'),
      ...acrossSets('on', 'off', [
        'trustLayerDirectoryThroughput',
        'trustLayerDashboardThroughput',
        'trustLayerAreaDashboardThroughput',
      ]),
      ...(EXTRA_WORKERS
        ? {
            workersGatewayToDirectThroughput: compare(
              'rps',
              find('directory', 'workers', 'gateway'),
              find('directory', 'on', 'subgraph direct'),
            ),
            ...acrossSets('workers', 'on', ['workersToOneGatewayDirectory', 'workersToOneGatewayDashboard']),
          }
        : {}),
      ...(BASELINE_TREE
        ? {
            ...withinSet('base', 'baseline'),
            ...acrossSets('on', 'base', [
              'afterToBaselineDirectoryGateway',
              'afterToBaselineDashboard',
              'afterToBaselineAreaDashboard',
            ]),
          }
        : {}),
    };
    printTable(summary, ratios);
    const profiled =
      process.env.BENCH_PROFILE === '1'
        ? cases.find((c) => c.query === 'dashboard' && c.set === 'on')
        : cases.find((c) => c.name.includes(process.env.BENCH_PROFILE ?? ''));
    const profiles = PROFILE && profiled ? await profileRound(profiled) : undefined;
    const report = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      scale: SCALE,
      runtime: RUNTIME,
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      poolSize: POOL_SIZE,
      analyzed: process.env.BENCH_ANALYZE !== '0',
      gatewayWorkers: Number(process.env.GATEWAY_WORKERS || 1),
      extraGatewayWorkers: EXTRA_WORKERS ? Number(EXTRA_WORKERS) : undefined,
      baselineTree: BASELINE_TREE,
      interleaved: 'every round runs every case once; the order rotates each round',
      cases: summary,
      ratios,
      ...(profiles ? { profiles } : {}),
    };
    writeBenchResult('read-path', report, path.join(ROOT, 'bench-results'));
    say('written: bench-results/read-path.json');
  } finally {
    await Promise.all(procs.filter((p) => p.name.startsWith('gateway')).map((p) => stopProcess(p.p, 10_000)));
    await Promise.all(
      procs.filter((p) => !p.name.startsWith('gateway')).map((p) => stopProcess(p.p, 15_000)),
    );
    await nats.stop();
    rmSync(tmp, { recursive: true, force: true });
    if (process.env.BENCH_KEEP !== '1')
      for (const db of databases.keys()) await dropScratchDatabase(SERVER, db);
  }

  async function checkAnswer(c: Case): Promise<void> {
    const t = await c.target();
    const res = await fetch(t.url, { method: 'POST', headers: t.headers, body: c.body(1) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    const edges = body.data?.schools?.edges ?? [];
    if (!res.ok || body.errors || !edges.length)
      throw new Error(`${c.name}: unexpected answer ${JSON.stringify(body).slice(0, 500)}`);
  }
}

async function measure(c: Case, databases: Map<string, string>): Promise<Measured> {
  const t = await c.target();
  const before = cpuSnapshot(databases);
  const res = await runLoad({ ...t, body: c.body, connections: CONNECTIONS, seconds: SECONDS });
  const spent = cpuTicksBetween(before, cpuSnapshot(databases));
  const cpuMsPerRequest: Record<string, number> = {};
  for (const name of c.processes) {
    const ticks = spent.get(name) ?? 0;
    cpuMsPerRequest[name] = res.requests ? (ticks * (1000 / CLOCK_TICKS)) / res.requests : 0;
  }
  return { ...res, cpuMsPerRequest };
}

function summarise(c: Case, rounds: Measured[]) {
  const names = Object.keys(rounds[0]?.cpuMsPerRequest ?? {});
  return {
    name: c.name,
    query: c.query,
    set: c.set,
    rps: median(rounds.map((x) => x.rps)),
    p50: median(rounds.map((x) => x.p50)),
    p99: median(rounds.map((x) => x.p99)),
    errors: rounds.reduce((n, x) => n + x.errors, 0),
    errorSamples: [...new Set(rounds.flatMap((x) => x.errorSamples))].slice(0, 5),
    requests: rounds.reduce((n, x) => n + x.requests, 0),
    cpuMsPerRequest: Object.fromEntries(
      names.map((n) => [n, +median(rounds.map((x) => x.cpuMsPerRequest[n] ?? 0)).toFixed(3)]),
    ),
    perRound: rounds.map((x) => ({ rps: +x.rps.toFixed(1), p50: +x.p50.toFixed(2), p99: +x.p99.toFixed(2) })),
  };
}

/** `values` with each key behind `prefix` (`baseline` + `GatewayToDirectThroughput`); as they are without one. */
function prefixed<T>(prefix: string | undefined, values: Record<string, T>): Record<string, T> {
  if (!prefix) return values;
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, v]),
  );
}

function printTable(summary: ReturnType<typeof summarise>[], ratios: Record<string, number | undefined>) {
  say(
    `\nRead path (${RUNTIME}; ${SCALE} directory, Lopburi students; ${CONNECTIONS} connections; pool ${POOL_SIZE}; median of ${ROUNDS} interleaved rounds × ${SECONDS} s)`,
  );
  say(
    `  ${'case'.padEnd(56)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}   CPU ms per request`,
  );
  for (const x of summary) {
    const cpu = Object.entries(x.cpuMsPerRequest)
      .map(([n, v]) => `${n} ${v.toFixed(2)}`)
      .join(', ');
    say(
      `  ${x.name.padEnd(56)} ${x.rps.toFixed(0).padStart(7)} ${x.p50.toFixed(1).padStart(8)} ${x.p99.toFixed(1).padStart(8)}   ${cpu}${x.errors ? `  (${x.errors} errors)` : ''}`,
    );
  }
  const f = (v: number | undefined, digits = 2) => (v === undefined ? 'n/a' : v.toFixed(digits));
  const line = (label: string, value: string) => say(`  ${label.padEnd(48)} ${value}`);
  say('');
  line(
    'gateway / direct (directory):',
    `throughput ×${f(ratios.gatewayToDirectThroughput)}, p50 +${f(ratios.gatewayMinusDirectP50Ms, 1)} ms   (target ≥ 0.85, ≤ +3 ms)`,
  );
  line(
    'dashboard / directory (through the gateway):',
    `throughput ×${f(ratios.dashboardToDirectoryThroughput)}   (target ≥ 0.4)`,
  );
  line(
    'trust on / off, directory:',
    `throughput ×${f(ratios.trustLayerDirectoryThroughput)}   (cost ≤ 10 %: ≥ 0.9)`,
  );
  line(
    'trust on / off, dashboard (OBEC analyst):',
    `throughput ×${f(ratios.trustLayerDashboardThroughput)}   (cost ≤ 10 %: ≥ 0.9)`,
  );
  line(
    'trust on / off, dashboard (area officer):',
    `throughput ×${f(ratios.trustLayerAreaDashboardThroughput)}`,
  );
  if (EXTRA_WORKERS) {
    line(
      `${EXTRA_WORKERS} gateway workers / direct (directory):`,
      `throughput ×${f(ratios.workersGatewayToDirectThroughput)}`,
    );
    line(
      `${EXTRA_WORKERS} gateway workers / 1, directory · dashboard:`,
      `×${f(ratios.workersToOneGatewayDirectory)} · ×${f(ratios.workersToOneGatewayDashboard)}`,
    );
  }
  if (BASELINE_TREE) {
    line(
      'baseline tree: gateway / direct (directory):',
      `throughput ×${f(ratios.baselineGatewayToDirectThroughput)}, p50 +${f(ratios.baselineGatewayMinusDirectP50Ms, 1)} ms`,
    );
    line(
      'baseline tree: dashboard / directory:',
      `throughput ×${f(ratios.baselineDashboardToDirectoryThroughput)}`,
    );
    line('this tree / baseline tree, directory (gateway):', `×${f(ratios.afterToBaselineDirectoryGateway)}`);
    line('this tree / baseline tree, dashboard (OBEC):', `×${f(ratios.afterToBaselineDashboard)}`);
    line('this tree / baseline tree, dashboard (area):', `×${f(ratios.afterToBaselineAreaDashboard)}`);
  }
  say('');
}

/** One extra dashboard round with the V8 profiler on in the gateway and every subgraph; a summary of each. */
async function profileRound(c: Case) {
  const dir = path.join(ROOT, 'bench-results', 'profiles');
  rmSync(dir, { recursive: true, force: true });
  const targets = procs.filter((p) => c.processes.includes(p.name));
  for (const p of targets) p.p.child.kill('SIGUSR2');
  await sleep(300);
  const t = await c.target();
  const res = await runLoad({ ...t, body: c.body, connections: CONNECTIONS, seconds: SECONDS });
  for (const p of targets) p.p.child.kill('SIGUSR2');
  await sleep(2000);
  const out: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const name = file.replace(/-\d+\.cpuprofile$/, '');
    out[name] = summariseProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), res.requests);
  }
  say(
    `\nCPU profiles of one dashboard round (${c.name}, ${res.requests} requests), in ${path.relative(ROOT, dir)}/:`,
  );
  for (const [name, s] of Object.entries(out) as Array<[string, ReturnType<typeof summariseProfile>]>) {
    say(`  ${name}: ${s.busyMsPerRequest.toFixed(2)} ms busy per request; by package:`);
    for (const [pkg, ms] of s.byPackage.slice(0, 8)) say(`      ${ms.toFixed(3).padStart(7)} ms  ${pkg}`);
    say(`    top functions (self):`);
    for (const [fn, ms] of s.topFunctions.slice(0, 10)) say(`      ${ms.toFixed(3).padStart(7)} ms  ${fn}`);
  }
  return out;
}

// ---- waiting for the demo ------------------------------------------------------------------------

async function gql(url: string, token: string, query: string, variables: object = {}): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/**
 * The demo keeps loading after the services are ready: students (nationally 5.6 million, ~12 minutes on
 * two cores), the closed term-1 round, then staffing and allocations computed from its snapshots. Measure
 * only when every Lopburi school with students has both.
 */
async function demoSettled(url: string, token: string, fiscalYear: number): Promise<void> {
  const deadline = Date.now() + 1_800_000;
  let last = '';
  while (Date.now() < deadline) {
    const pages = await pagesOf(url, token, { provinceCode: '16' }).catch(() => [] as Array<string | null>);
    let schools = 0;
    let missing = 0;
    for (const after of pages) {
      const body = await gql(url, token, DASHBOARD_QUERY, {
        f: { provinceCode: '16' },
        after,
        fy: fiscalYear,
      });
      for (const { node } of body.data?.schools?.edges ?? []) {
        schools += 1;
        if (node.students.totalCount > 0 && (!node.staffing?.basis || !node.allocations?.length))
          missing += 1;
      }
    }
    const state = `${schools} Lopburi schools, ${missing} still without staffing or allocations`;
    if (state !== last) say(`  demo: ${state}`);
    last = state;
    if (schools > 0 && missing === 0) {
      const withStudents = await gql(url, token, `{ dmcRounds { status } }`);
      if (withStudents.data?.dmcRounds?.some((r: { status: string }) => r.status === 'CLOSED')) return;
    }
    await sleep(5000);
  }
  throw new Error(`the demo did not settle: ${last}`);
}

/** Every JetStream consumer of the private NATS has nothing pending (directory replicas complete). */
async function busQuiet(natsUrl: string): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + 900_000;
    while (Date.now() < deadline) {
      let pending = 0;
      for await (const stream of jsm.streams.list())
        for await (const c of jsm.consumers.list(stream.config.name))
          pending += c.num_pending + c.num_ack_pending;
      if (pending === 0) return;
      say(`  bus: ${pending} messages still pending`);
      await sleep(5000);
    }
    throw new Error('JetStream consumers did not catch up');
  } finally {
    await nc.close();
  }
}

/** The benchmark's processes idle (< 10 % of one core together over 3 s): nothing left in the background. */
async function cpuQuiet(databases: Map<string, string>): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const a = cpuSnapshot(databases);
    await sleep(3000);
    const ticks = [...cpuTicksBetween(a, cpuSnapshot(databases)).values()].reduce((n, v) => n + v, 0);
    const share = ticks / CLOCK_TICKS / 3;
    if (share < 0.1) return;
    say(`  background: ${(share * 100).toFixed(0)} % of a core still busy`);
  }
}

async function areaOfficeCodes(url: string, token: string): Promise<string[]> {
  const body = await gql(url, token, '{ areaOffices { code } }');
  return body.data.areaOffices.map((a: { code: string }) => a.code);
}

/** The `after` cursors of every page of 10 schools for a filter (null: the first page). */
async function pagesOf(url: string, token: string, filter: object): Promise<Array<string | null>> {
  const body = await gql(
    url,
    token,
    `query($f: SchoolFilter) { schools(first: 1, filter: $f) { totalCount } }`,
    {
      f: filter,
    },
  );
  const total: number = body.data.schools.totalCount;
  const pages: Array<string | null> = [null];
  for (let offset = 9; offset < total - 1; offset += 10)
    pages.push(Buffer.from(`o:${offset}`).toString('base64url'));
  return pages;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
