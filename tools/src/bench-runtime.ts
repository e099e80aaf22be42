/**
 * `npm run bench:runtime`: what the runtime memory settings (RUNTIME_ENV in processes.ts) cost in
 * throughput, and save in memory under load, as ratios in one run (not a test).
 *
 * Run it beside a compiled platform with data (`npm run build`, then `SMSS_COMPILED=1 npm start`,
 * demo loaded). It starts three more schools subgraphs from `services/schools/dist` with the
 * environment of the running one (read from /proc: same database, keys and settings) on free ports:
 *  - "node defaults": no malloc settings, V8's default young generation;
 *  - "RUNTIME_ENV": the settings every platform process runs with;
 *  - "small" (BENCH_SMALL_NODE_OPTIONS, default --max-semi-space-size=1): the memory-first choice.
 * Then the directory query straight to each (as the gateway: a signed assertion), in interleaved
 * rounds whose order alternates; requests/s, p50 and, at the end, each process's RSS.
 *
 * Options (env): BENCH_SECONDS (per case and round, default 4), BENCH_ROUNDS (7),
 * BENCH_CONNECTIONS (8), SMSS_DATA_DIR (where the running platform keeps its keys, default .data).
 * Results: a table on stdout and bench-results/runtime-settings.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGatewayAssertionSigner, GATEWAY_ASSERTION_HEADER } from '@smss/auth';
import { median, writeBenchResult } from '@smss/testing';
import { freePort } from '@smss/testing/infra.mjs';
import { devGatewayKeys } from './dev-settings';
import { runLoad } from './load';
import { RUNTIME_ENV } from './processes';
import { mintToken } from './token';
import { DIRECTORY_QUERY } from './bench-queries';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS || 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 8);
const SMALL = process.env.BENCH_SMALL_NODE_OPTIONS || '--max-semi-space-size=1';

/** The environment of the platform's running schools subgraph, without our runtime settings. */
function runningSchoolsEnv(): Record<string, string> {
  const ps = spawnSync('pgrep', ['-f', 'services/schools/dist/index.js'], { encoding: 'utf8' });
  const pid = ps.stdout.split('\n').find(Boolean);
  if (!pid) throw new Error('No compiled schools subgraph runs: start `SMSS_COMPILED=1 npm start` first');
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  for (const name of Object.keys(RUNTIME_ENV)) delete env[name];
  return env;
}

const rssMb = (child: ChildProcess) =>
  Number(/^Rss:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/smaps_rollup`, 'utf8'))?.[1] ?? NaN) / 1024;

async function main(): Promise<void> {
  const base = runningSchoolsEnv();
  const { NODE_OPTIONS: runtimeOptions, ...malloc } = RUNTIME_ENV;
  const variants = [
    { name: 'node defaults', env: {} as Record<string, string> },
    { name: 'RUNTIME_ENV', env: { ...malloc, NODE_OPTIONS: runtimeOptions } },
    { name: `small (${SMALL})`, env: { ...malloc, NODE_OPTIONS: SMALL } },
  ];
  const started = await Promise.all(
    variants.map(async (v) => {
      const port = await freePort();
      const child = spawn(process.execPath, [path.join(ROOT, 'services/schools/dist/index.js')], {
        cwd: ROOT,
        env: { ...base, ...v.env, PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      return { ...v, port, child };
    }),
  );
  try {
    for (const v of started) {
      const deadline = Date.now() + 60_000;
      while (
        (await fetch(`http://127.0.0.1:${v.port}/readyz`).then(
          (r) => r.status,
          () => 0,
        )) !== 200
      ) {
        if (Date.now() > deadline) throw new Error(`${v.name} was not ready within 60 s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const token = await mintToken(['--role', 'obec-admin']);
    const signer = createGatewayAssertionSigner(readFileSync(devGatewayKeys().privateKeyFile, 'utf8'));
    const areas = ['1601', '1602', '1650'];
    const rps = new Map<string, number[]>(started.map((v) => [v.name, []]));
    const p50 = new Map<string, number[]>(started.map((v) => [v.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const v of round % 2 ? [...started].reverse() : started) {
        const headers = {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          [GATEWAY_ASSERTION_HEADER]: await signer.sign({ subgraph: 'schools', requestId: 'bench', token }),
        };
        const r = await runLoad({
          url: `http://127.0.0.1:${v.port}/graphql`,
          headers,
          connections: CONNECTIONS,
          seconds: SECONDS,
          body: (i) =>
            JSON.stringify({
              query: DIRECTORY_QUERY,
              variables: { first: 20, f: { areaOfficeCode: areas[i % 3] } },
            }),
        });
        if (r.errors) throw new Error(`${v.name}: ${r.errors} errors`);
        rps.get(v.name)!.push(r.rps);
        p50.get(v.name)!.push(r.p50);
      }
    }
    const baseline = median(rps.get(started[0]!.name)!);
    const rows = started.map((v) => ({
      name: v.name,
      env: v.env,
      rps: Math.round(median(rps.get(v.name)!)),
      ratioToNodeDefaults: Math.round((median(rps.get(v.name)!) / baseline) * 100) / 100,
      p50Ms: Math.round(median(p50.get(v.name)!) * 10) / 10,
      rssAfterLoadMb: Math.round(rssMb(v.child) * 10) / 10,
    }));
    console.log(
      `\nDirectory query, schools subgraph direct, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s`,
    );
    for (const r of rows)
      console.log(
        `  ${r.name.padEnd(40)} ${String(r.rps).padStart(5)} req/s  ×${r.ratioToNodeDefaults.toFixed(2)}  p50 ${r.p50Ms} ms  RSS after load ${r.rssAfterLoadMb} MB`,
      );
    writeBenchResult('runtime-settings', {
      seconds: SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      rows,
    });
  } finally {
    for (const v of started) v.child.kill('SIGTERM');
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
