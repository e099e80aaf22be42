/**
 * `npm run bench`: platform benchmarks (not timed tests). Starts the platform with the launcher
 * (measuring time to a ready gateway), then loads a directory query through the gateway and the
 * same query straight to the schools subgraph, interleaved in rounds, and reports the ratio.
 *
 * Options (env): BENCH_SECONDS (per round, default 5, at most 55: a gateway assertion lives 60 s), BENCH_ROUNDS (default 3),
 * BENCH_CONNECTIONS (default 16), DEMO_DATA (lopburi | national; default national),
 * DATABASE_URL / NATS_URL as for `npm start`. Results also go to bench-results/directory.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGatewayAssertionSigner, GATEWAY_ASSERTION_HEADER } from '@smss/auth';
import { readSubgraphList } from '@smss/gateway';
import { mintToken } from './token';
import { DIRECTORY_QUERY } from './bench-queries';
import { devGatewayKeys } from './dev-settings';
import { median, runLoad, type LoadResult } from './load';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';
const ROOT = path.resolve(__dirname, '..', '..');
const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 16);
const SCALE = process.env.DEMO_DATA || 'national';

async function startPlatform(): Promise<{
  readyMs: number;
  privateKeyFile: string;
  stop: () => Promise<void>;
}> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smss-bench-'));
  // The launcher finds this key pair; the bench signs its direct subgraph calls with it.
  const { privateKeyFile } = devGatewayKeys(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/src/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, DEMO_DATA: SCALE, SMSS_DATA_DIR: dataDir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const readyMs = await new Promise<number>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /SMSS_READY_MS=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`launcher exited (${code}):\n${out.slice(-2000)}`)));
  });
  return {
    readyMs,
    privateKeyFile,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    // A fresh database per run so the start-up includes migrations and demo data.
    const { Client } = await import('pg');
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    for (const sg of readSubgraphList())
      await c.query(`DROP DATABASE IF EXISTS smss_${sg.name} WITH (FORCE)`);
    await c.end();
  }
  console.log(`Starting the platform (demo data: ${SCALE}) …`);
  const platform = await startPlatform();
  try {
    const token = await mintToken(['--role', 'obec-analyst', '--org', 'OBEC']);
    await demoSettled(token);
    const areaOffices = await areaOfficeCodes(token);
    const body = (i: number) =>
      JSON.stringify({
        query: DIRECTORY_QUERY,
        variables: { first: 20, f: { areaOfficeCode: areaOffices[i % areaOffices.length] } },
      });
    const base = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // Straight to the subgraph "as the gateway": one assertion per round (assertions live 60 s).
    const signer = createGatewayAssertionSigner(readFileSync(platform.privateKeyFile, 'utf8'));
    const asGateway = async () => ({
      ...base,
      [GATEWAY_ASSERTION_HEADER]: await signer.sign({ subgraph: 'schools', requestId: 'bench', token }),
    });
    const targets = {
      gateway: { url: 'http://127.0.0.1:4000/graphql', headers: async () => base },
      subgraph: { url: 'http://127.0.0.1:4001/graphql', headers: asGateway },
    };
    // Warm-up both paths (plan cache, JIT, pools).
    for (const t of Object.values(targets))
      await runLoad({ url: t.url, headers: await t.headers(), body, connections: CONNECTIONS, seconds: 1 });
    const results: Record<'gateway' | 'subgraph', LoadResult[]> = { gateway: [], subgraph: [] };
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const name of ['subgraph', 'gateway'] as const) {
        const { url, headers } = targets[name];
        const res = await runLoad({
          url,
          headers: await headers(),
          body,
          connections: CONNECTIONS,
          seconds: SECONDS,
        });
        results[name].push(res);
        console.log(
          `round ${r + 1} ${name.padEnd(8)} ${res.rps.toFixed(0).padStart(6)} req/s  p50 ${res.p50.toFixed(1)} ms  p99 ${res.p99.toFixed(1)} ms  errors ${res.errors}`,
        );
      }
    }
    const summary = Object.fromEntries(
      (['subgraph', 'gateway'] as const).map((name) => [
        name,
        {
          rps: median(results[name].map((x) => x.rps)),
          p50: median(results[name].map((x) => x.p50)),
          p99: median(results[name].map((x) => x.p99)),
          errors: results[name].reduce((s, x) => s + x.errors, 0),
        },
      ]),
    ) as Record<'gateway' | 'subgraph', { rps: number; p50: number; p99: number; errors: number }>;
    const report = {
      when: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      scale: SCALE,
      connections: CONNECTIONS,
      secondsPerRound: SECONDS,
      rounds: ROUNDS,
      startToReadyGatewayMs: platform.readyMs,
      ...summary,
      ratios: {
        gatewayToSubgraphThroughput: summary.gateway.rps / summary.subgraph.rps,
        gatewayToSubgraphP50: summary.gateway.p50 / summary.subgraph.p50,
        gatewayToSubgraphP99: summary.gateway.p99 / summary.subgraph.p99,
      },
    };
    console.log(`
Directory query (${SCALE} directory, ${CONNECTIONS} connections, median of ${ROUNDS} × ${SECONDS} s)
                 req/s     p50 ms    p99 ms
  subgraph    ${summary.subgraph.rps.toFixed(0).padStart(8)} ${summary.subgraph.p50.toFixed(1).padStart(9)} ${summary.subgraph.p99.toFixed(1).padStart(9)}
  gateway     ${summary.gateway.rps.toFixed(0).padStart(8)} ${summary.gateway.p50.toFixed(1).padStart(9)} ${summary.gateway.p99.toFixed(1).padStart(9)}
  gateway / subgraph: throughput ×${report.ratios.gatewayToSubgraphThroughput.toFixed(2)}, p50 ×${report.ratios.gatewayToSubgraphP50.toFixed(2)}, p99 ×${report.ratios.gatewayToSubgraphP99.toFixed(2)}
Time from start to a ready gateway: ${(platform.readyMs / 1000).toFixed(1)} s
`);
    mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench-results', 'directory.json'), JSON.stringify(report, null, 2));
  } finally {
    await platform.stop();
  }
}

/**
 * The demo keeps loading after the gateway is ready (students — nationally 5.6 million, ~12 minutes on
 * two cores —, the closed term-1 round, then attendance and health, and term 2 opened last; the allocations
 * and staffing computed from the round): measure only once term 2 is open, and the consumers had 15 s more.
 */
async function demoSettled(token: string): Promise<void> {
  const deadline = Date.now() + 1_800_000;
  while (Date.now() < deadline) {
    const res = await fetch('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ dmcRounds { round status } }' }),
    });
    const json = (await res.json()) as { data?: { dmcRounds: Array<{ round: string; status: string }> } };
    const rounds = json.data?.dmcRounds ?? [];
    if (rounds.some((r) => r.status === 'CLOSED') && rounds.some((r) => r.round === 'TERM2')) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  await new Promise((r) => setTimeout(r, 15_000)); // consumers finish the round's snapshot events
}

async function areaOfficeCodes(token: string): Promise<string[]> {
  const res = await fetch('http://127.0.0.1:4000/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ areaOffices { code } }' }),
  });
  const json = (await res.json()) as { data: { areaOffices: Array<{ code: string }> } };
  return json.data.areaOffices.map((a) => a.code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
