import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino, { type Logger } from 'pino';
import { TEST_GATEWAY_KEYS, TEST_SUBGRAPH_SECURITY, TEST_TOKENS } from './graphql';
import { startPrivateNats } from './nats-server';
import type { TestSubgraphConfig } from './subgraph';

/*
 * What the benchmarks used to write again, each its own way: scratch databases created and dropped on a
 * PostgreSQL server, a private JetStream server, a subgraph's runtime config on a scratch database (the
 * boot itself stays with the caller, `bootService` from @smss/service-kit, so this library depends on no
 * service code), polling, latency statistics and the results file.
 */

/**
 * The settings every benchmark reads from process.env the same way (a benchmark's own
 * `bench/environment.ts` adds its knobs to these), and no telemetry from anything Apollo or turbo
 * loads in it (it would call out to the internet):
 * - `databaseServerUrl`: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server; the
 *   benchmark creates and drops its own databases on it;
 * - `natsUrl`: BENCH_NATS_URL; unset (the default), a private `nats-server -js` in a temporary folder,
 *   so the benchmark's events (29,000 and more in a national run) never land in a shared stream that a
 *   fresh durable would replay;
 * - `logLevel`: LOG_LEVEL, default silent.
 */
export function benchEnvironmentBase(): {
  databaseServerUrl: string;
  natsUrl: string | undefined;
  logLevel: string;
} {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
  process.env.TURBO_TELEMETRY_DISABLED = '1';
  return {
    databaseServerUrl:
      process.env.BENCH_DATABASE_URL ??
      process.env.TEST_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env.BENCH_NATS_URL,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
  };
}

/** Where results go: `bench-results/` at the repository's root. */
export const BENCH_RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'bench-results');

/** `serverUrl` with its path pointing at `database`. */
export function benchDatabaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on the server's `postgres` database, on a connection of its own. */
export async function benchAdminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: benchDatabaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Drops it, connections and all; never throws. */
  drop: () => Promise<void>;
}

/** An empty UTF-8 database `name` on the server (created from template0). */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<ScratchDatabase> {
  await benchAdminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  return {
    name,
    url: benchDatabaseUrl(serverUrl, name),
    drop: () => dropScratchDatabase(serverUrl, name),
  };
}

/** Drops database `name` on the server if it is there, connections and all; never throws. */
export function dropScratchDatabase(serverUrl: string, name: string): Promise<void> {
  return benchAdminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
}

/** Runs `run` with a fresh temporary folder (`<tmp>/<prefix>…`), removed afterwards whatever happens. */
export async function withScratchDir<T>(prefix: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The runtime config a subgraph boots with on a bench platform: the tests' (spread it into `bootService`'s config). */
export type BenchSubgraphConfig = TestSubgraphConfig;

/** The config an in-process gateway starts with on a bench platform, but for its limits. */
export interface BenchGatewayConfig {
  port: 0;
  logLevel: string;
  tokens: typeof TEST_TOKENS;
  gatewayPrivateKey: string;
  explorer: false;
  workers: 1;
  subgraphUrls: Record<string, string>;
}

export interface BenchPlatform<D extends string> {
  /** Random hex of this run: in the database names, for durable consumer prefixes. */
  suffix: string;
  /** The scratch databases, `bench_<key>_<suffix>`. */
  databases: Record<D, ScratchDatabase>;
  natsUrl: string;
  logger: Logger;
  /** The config a subgraph boots with on the database `database`. */
  runtime: (database: D) => BenchSubgraphConfig;
  /**
   * An in-process gateway's config in front of `subgraphUrls`: the test tokens and keys, one worker, no
   * explorer (spread it into `startGateway`'s config, with the limits).
   */
  gatewayConfig: (subgraphUrls: Record<string, string>) => BenchGatewayConfig;
  /** Keeps a booted service to close (the last first) on `close()`. */
  track: <S extends { close: () => Promise<void> }>(service: S) => S;
  /** Closes the tracked services, drops the databases and stops a private NATS server; never throws. */
  close: () => Promise<void>;
}

/**
 * Scratch databases `bench_<name>_<suffix>` for each of `databases` on `serverUrl`, and NATS: `natsUrl`
 * when given, else a private `nats-server -js` in a temporary folder (so a national run's events never
 * land in a shared stream). Services boot silently unless `logLevel` says otherwise.
 */
export async function startBenchPlatform<D extends string>(options: {
  serverUrl: string;
  natsUrl?: string;
  logLevel: string;
  databases: readonly D[];
}): Promise<BenchPlatform<D>> {
  const suffix = randomBytes(3).toString('hex');
  const nats = options.natsUrl
    ? { url: options.natsUrl, stop: async () => undefined }
    : await startPrivateNats();
  const databases = {} as Record<D, ScratchDatabase>;
  const services: Array<{ close: () => Promise<void> }> = [];
  const close = async () => {
    for (const s of services.reverse()) await s.close().catch(() => undefined);
    for (const db of Object.values<ScratchDatabase>(databases)) await db.drop();
    await nats.stop().catch(() => undefined);
  };
  try {
    for (const key of options.databases)
      databases[key] = await createScratchDatabase(options.serverUrl, `bench_${key}_${suffix}`);
  } catch (error) {
    await close();
    throw error;
  }
  return {
    suffix,
    databases,
    natsUrl: nats.url,
    logger: pino({ level: options.logLevel }),
    runtime: (database) => ({
      port: 0,
      databaseUrl: databases[database].url,
      natsUrl: nats.url,
      logLevel: options.logLevel,
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
    }),
    gatewayConfig: (subgraphUrls) => ({
      port: 0,
      logLevel: options.logLevel,
      tokens: TEST_TOKENS,
      gatewayPrivateKey: TEST_GATEWAY_KEYS.privateKey,
      explorer: false,
      workers: 1,
      subgraphUrls,
    }),
    track: (service) => {
      services.push(service);
      return service;
    },
    close,
  };
}

/** Polls `check` every `intervalMs` until it holds; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  what: string,
  { timeoutMs = 600_000, intervalMs = 250 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** The middle value (the upper one of an even count); 0 for none. */
export const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

export interface LatencyStats {
  p50: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

/** p50, p95, min and max of timings in ms, to 0.1 ms, with their count. */
export function latencyStats(ms: readonly number[]): LatencyStats {
  const s = [...ms].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    min: r(s[0]!),
    max: r(s[s.length - 1]!),
    runs: s.length,
  };
}

/** Seconds since `t0` (a `performance.now()`), to one decimal. */
export const secondsSince = (t0: number): string => ((performance.now() - t0) / 1000).toFixed(1);

/** Per second, rounded: `count` items in `seconds`. */
export const perSecond = (count: number, seconds: number): number => Math.round(count / seconds);

/** `x` rounded to `places` decimals, as a number. */
export const rounded = (x: number, places: number): number => +x.toFixed(places);

/** A count with thousands separators ("6,500,000"). */
export const thousands = (n: number): string => n.toLocaleString('en');

/** A line on stdout. */
export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Writes `result` as `bench-results/<name>.json` (indented, with a final newline); returns the path. */
export function writeBenchResult(name: string, result: unknown, dir = BENCH_RESULTS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
