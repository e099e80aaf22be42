/**
 * Benchmark for issue 12 ("A benchmark"): `assetSummary` of every area office nationally — 245 area
 * offices, 29,000 schools, ~3 M durable goods, ~160,000 buildings — p95 through the gateway against the
 * raw SQL aggregate over the registers in the same run (interleaved runs, same fiscal year), plus the
 * assets subgraph answered directly (the gateway's share) and the one-off cost of the first request of a
 * fiscal year (the per-school values computed for every school).
 *
 *   npm run bench:assets          (or: cd services/assets && npx tsx bench/asset-summary.bench.ts)
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, default 127.0.0.1:5432) and the `nats-server`
 * binary (a private JetStream server in a temporary folder unless BENCH_NATS_URL is set). The national
 * directory reaches the assets subgraph as `schools.school.upserted` events through its durable consumer;
 * the registers are then loaded with set-based SQL (deterministic: hashes of the OBEC codes). Both
 * databases are dropped afterwards. BENCH_ASSETS_PER_SCHOOL (103), BENCH_RUNS (10). Results also go to
 * bench-results/assets-summary.json.
 */
import { benchEnvironment as env } from './environment';
import os from 'node:os';
import { Client } from 'pg';
import { OutboxRelay } from '@smss/events';
import { DEFAULT_LIMITS, startGateway } from '@smss/gateway';
import { schoolsService, seedDirectory } from '@smss/schools';
import { bootService, type RunningService } from '@smss/service-kit';
import {
  gql,
  latencyStats as stats,
  say,
  secondsSince as seconds,
  startBenchPlatform,
  thousands,
  tokenFor,
  waitUntil as waitFor,
  writeBenchResult,
} from '@smss/testing';
import { fiscalYearOf, todayInBangkok } from '@smss/thai';
import { ASSET_CATEGORIES } from '../src/modules/reference/reference-data';
import { SummaryRepository, type AssetSummaryRow } from '../src/modules/summary/summary.repository';
import { createAssetsService } from '../src/server';

const FY = fiscalYearOf(todayInBangkok());

const FIELDS = `fiscalYear schools buildings { good needsRepair dilapidated unsafe total } assets capitalisedAssets assetCost bookValue
  schoolsWithInternet schoolsWithoutInternet schoolsNotReporting`;
const GATEWAY_QUERY = `query NationalAssets($fy: Int!) { areaOffices { code assetSummary(fiscalYear: $fy) { ${FIELDS} } } }`;
const SUBGRAPH_QUERY = `query($r: [_Any!]!, $fy: Int!) { _entities(representations: $r) { ... on AreaOffice { code assetSummary(fiscalYear: $fy) { ${FIELDS} } } } }`;

/**
 * The registers, set-based and deterministic: per school 60–146 durable goods (on average ~103) over the
 * platform's categories, costs around each category's price, acquired over fiscal years 2551–2569, about
 * 8 % disposed; 3–8 buildings; infrastructure for 95 % of the schools.
 */
async function loadRegisters(db: RunningService['dataSource']) {
  const categories = ASSET_CATEGORIES.map((c) => c.code);
  const lives = ASSET_CATEGORIES.map((c) => c.usefulLifeYears);
  const prices = ASSET_CATEGORIES.map((c) =>
    c.code.startsWith('23')
      ? 1_250_000
      : c.code.startsWith('2340')
        ? 45_000
        : c.code.startsWith('7440')
          ? 20_000
          : c.code.startsWith('7110')
            ? 3_000
            : 15_000,
  );
  const spread = Math.max(1, Math.round((env.assetsPerSchool - 60) * 2));
  await db.query(
    `INSERT INTO asset (school_id, code, category_code, description, acquisition_method, acquired_on, cost, capitalised,
                        useful_life_years, usage, status, disposed_on, created_by)
     SELECT x.school_id, x.category || '-' || lpad(x.n::text, 5, '0') || '/' ||
              (extract(year FROM x.acquired_on)::int + 543 + CASE WHEN extract(month FROM x.acquired_on) >= 10 THEN 1 ELSE 0 END),
            x.category, 'ครุภัณฑ์ทดสอบสมรรถนะ', 'PURCHASE', x.acquired_on, x.cost, x.cost >= 10000, x.life,
            CASE WHEN x.h % 3 = 0 THEN 'TEACHING' ELSE 'ADMINISTRATION' END,
            CASE WHEN x.disposed_on IS NULL THEN 'IN_USE' ELSE 'DISPOSED' END, x.disposed_on, 'bench'
       FROM (SELECT s.school_id, g.n, h.h, ($1::text[])[1 + h.h % $4] AS category, ($2::int[])[1 + h.h % $4] AS life,
                    round((($3::int[])[1 + h.h % $4] * (0.7 + (h.h % 61) / 100.0))::numeric, 2) AS cost,
                    date '2007-10-01' + (h.h % 6940) AS acquired_on,
                    CASE WHEN h.h % 13 = 0 THEN date '2007-10-01' + (h.h % 6940) + 1 + (h.h % 1500) END AS disposed_on
               FROM directory_school_replica s
              CROSS JOIN LATERAL generate_series(1, 60 + abs(hashtext(s.obec_code)) % ${spread}) AS g(n)
              CROSS JOIN LATERAL (SELECT abs(hashtext(s.obec_code || ':' || g.n)) AS h) h) x
      WHERE x.disposed_on IS NULL OR x.disposed_on < date '2026-11-30'`,
    [categories, lives, prices, categories.length],
  );
  await db.query(
    `INSERT INTO building (school_id, name, type_code, year_built, budget_source, floors, condition, condition_assessed_on, created_by)
     SELECT s.school_id, 'อาคาร ' || g.n, (ARRAY['CLASSROOM_ONPEC','CLASSROOM_L','TOILET_STANDARD','MULTIPURPOSE_OTHER','TEACHER_HOUSE'])[1 + h.h % 5],
            2500 + h.h % 69, 'OBEC_BUDGET', 1 + h.h % 3,
            (ARRAY['GOOD','GOOD','NEEDS_REPAIR','NEEDS_REPAIR','DILAPIDATED','UNSAFE'])[1 + h.h % 6], '2026-06-10', 'bench'
       FROM directory_school_replica s
      CROSS JOIN LATERAL generate_series(1, 3 + abs(hashtext('b' || s.obec_code)) % 6) AS g(n)
      CROSS JOIN LATERAL (SELECT abs(hashtext(s.obec_code || ':b' || g.n)) AS h) h`,
  );
  await db.query(
    `INSERT INTO infrastructure (school_id, internet_connected, internet_type, download_mbps, electricity, water_sources, reported_on, reported_by)
     SELECT s.school_id, h.h % 9 <> 0, CASE WHEN h.h % 9 = 0 THEN 'NONE' ELSE 'FIBRE' END,
            CASE WHEN h.h % 9 = 0 THEN NULL ELSE 100 END, 'GRID', '{PIPED}', '2026-06-10', 'bench'
       FROM directory_school_replica s CROSS JOIN LATERAL (SELECT abs(hashtext('i' || s.obec_code)) AS h) h
      WHERE h.h % 20 <> 0`,
  );
  await db.query(`ANALYZE`);
}

async function main() {
  const platform = await startBenchPlatform({
    serverUrl: env.databaseServerUrl,
    natsUrl: env.natsUrl,
    logLevel: env.logLevel,
    databases: ['schools', 'assets'],
  });
  const { logger, suffix } = platform;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let client: Client | undefined;
  try {
    say(
      `assets summary benchmark — ${env.directory} directory, fiscal year ${FY}, ${os.cpus().length} CPUs, ${process.version}`,
    );
    const t0 = performance.now();
    const assets = platform.track(
      await bootService(
        createAssetsService({ durablePrefix: `bench-assets-${suffix}` }),
        { ...platform.runtime('assets'), runRelay: false },
        logger,
      ),
    );
    const schools = platform.track(
      await bootService(schoolsService, { ...platform.runtime('schools'), runRelay: false }, logger),
    );
    const seeded = await seedDirectory(schools.dataSource, env.directory);
    await new OutboxRelay(schools.dataSource, schools.nc, logger).drain();
    await waitFor(
      async () =>
        (await assets.dataSource.query(`SELECT count(*)::int AS n FROM directory_school_replica`))[0].n >=
        seeded.schools,
      'the directory replica',
    );
    for (const c of assets.consumers) await c.stop();
    say(
      `  directory: ${seeded.schools} schools in ${seeded.areaOffices} area offices replicated through JetStream in ${seconds(t0)} s`,
    );

    const t1 = performance.now();
    await loadRegisters(assets.dataSource);
    const [counts] = await assets.dataSource.query(
      `SELECT (SELECT count(*) FROM asset)::int AS assets, (SELECT count(*) FROM building)::int AS buildings,
              (SELECT count(*) FROM infrastructure)::int AS infrastructure`,
    );
    say(
      `  registers: ${thousands(counts.assets)} assets, ${thousands(counts.buildings)} buildings, ${thousands(counts.infrastructure)} infrastructure rows loaded in ${seconds(t1)} s`,
    );
    const repo = new SummaryRepository(assets.dataSource);
    const t2 = performance.now();
    await assets.dataSource.transaction((m) => repo.refreshAllSchools(m));
    const refreshMs = performance.now() - t2;
    const t3 = performance.now();
    await repo.ensureYears([FY]);
    const firstYearMs = performance.now() - t3;
    say(
      `  per-school figures: buildings and internet ${(refreshMs / 1000).toFixed(1)} s; fiscal year ${FY} values for every school (first request of a year) ${(firstYearMs / 1000).toFixed(1)} s`,
    );

    gateway = await startGateway(
      { ...platform.gatewayConfig({ schools: schools.url, assets: assets.url }), limits: DEFAULT_LIMITS },
      logger,
    );
    const token = await tokenFor('obec-analyst', 'OBEC');
    const codes: string[] = (
      await schools.dataSource.query(`SELECT code FROM area_office ORDER BY code`)
    ).map((r: { code: string }) => r.code);
    // The baseline runs on its own connection, outside the service's pool.
    client = new Client({ connectionString: platform.databases.assets.url });
    client.on('error', () => undefined);
    await client.connect();
    const raw_ = client;
    const rawDb = {
      query: async (sql: string, params?: unknown[]) => (await raw_.query(sql, params)).rows,
    } as unknown as Parameters<SummaryRepository['fromRegister']>[3];
    const viaGateway = async () => {
      const res = await gql(gateway!.url, GATEWAY_QUERY, { fy: FY }, { token, asGateway: false });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.areaOffices as Array<{ code: string; assetSummary: Omit<AssetSummaryRow, 'key'> }>;
    };
    const viaSubgraph = async () => {
      const res = await gql(
        assets.url,
        SUBGRAPH_QUERY,
        { fy: FY, r: codes.map((code) => ({ __typename: 'AreaOffice', code })) },
        { token },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data._entities;
    };
    const rawSql = () => repo.fromRegister('AREA_OFFICE', codes, FY, rawDb);

    // Same answer three ways, before measuring.
    say('  checking that the gateway, the subgraph and the raw SQL agree…');
    const g = await viaGateway();
    const raw = await rawSql();
    const byCode = new Map(raw.map((r) => [r.key, r]));
    const mismatched = g.filter((a) => {
      const r = byCode.get(a.code);
      const { key: _key, ...expected } = r ?? ({} as AssetSummaryRow);
      return !r || JSON.stringify(a.assetSummary) !== JSON.stringify(expected);
    });
    if (mismatched.length)
      throw new Error(
        `gateway and raw SQL disagree for ${mismatched.length} area offices, e.g. ${JSON.stringify(mismatched[0])}`,
      );
    const national = g.reduce(
      (t, a) => ({ assets: t.assets + a.assetSummary.assets, schools: t.schools + a.assetSummary.schools }),
      { assets: 0, schools: 0 },
    );
    say(
      `  checked: all ${g.length} area offices agree (gateway = raw SQL); ${thousands(national.assets)} assets on the register at 30 Sep, ${national.schools} open schools`,
    );

    for (let i = 0; i < 2; i += 1) await Promise.all([viaGateway(), viaSubgraph()]);
    const times = { gateway: [] as number[], subgraph: [] as number[], raw: [] as number[] };
    for (let i = 0; i < env.runs; i += 1) {
      for (const [name, run] of [
        ['gateway', viaGateway],
        ['subgraph', viaSubgraph],
        ['raw', rawSql],
      ] as const) {
        const t = performance.now();
        await run();
        times[name].push(performance.now() - t);
      }
    }
    await client.end();
    client = undefined;
    const result = {
      query:
        'areaOffices { code assetSummary(fiscalYear) { buildings by condition, assets, cost, book value, internet } } — all 245 area offices',
      fiscalYear: FY,
      scale: { schools: seeded.schools, areaOffices: codes.length, ...counts },
      gatewayMs: stats(times.gateway),
      subgraphMs: stats(times.subgraph),
      rawSqlAggregateMs: stats(times.raw),
      ratios: {
        gatewayP95OverRawSqlP95: Math.round((stats(times.gateway).p95 / stats(times.raw).p95) * 1000) / 1000,
        gatewayP95OverSubgraphP95:
          Math.round((stats(times.gateway).p95 / stats(times.subgraph).p95) * 1000) / 1000,
      },
      oneOff: {
        perSchoolFiguresMs: Math.round(refreshMs),
        firstRequestOfAFiscalYearMs: Math.round(firstYearMs),
      },
      machine: { cpus: os.cpus().length, node: process.version },
    };
    say('');
    say(
      `assetSummary of all ${codes.length} area offices (${thousands(counts.assets)} assets), ${env.runs} interleaved runs after 2 warm-ups`,
    );
    say(`  through the gateway:        p50 ${result.gatewayMs.p50} ms, p95 ${result.gatewayMs.p95} ms`);
    say(`  assets subgraph directly:   p50 ${result.subgraphMs.p50} ms, p95 ${result.subgraphMs.p95} ms`);
    say(
      `  raw SQL over the registers: p50 ${result.rawSqlAggregateMs.p50} ms, p95 ${result.rawSqlAggregateMs.p95} ms`,
    );
    say(
      `  gateway p95 / raw SQL p95 = ${result.ratios.gatewayP95OverRawSqlP95}; gateway p95 / subgraph p95 = ${result.ratios.gatewayP95OverSubgraphP95}`,
    );
    writeBenchResult('assets-summary', result);
    say('  written to bench-results/assets-summary.json');
  } catch (error) {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    throw error;
  } finally {
    // A keep-alive socket must not hold the close up.
    const within = (p: Promise<unknown>, ms: number) =>
      Promise.race([p, new Promise((r) => setTimeout(r, ms))]);
    await within(gateway?.close() ?? Promise.resolve(), 10_000);
    await client?.end().catch(() => undefined);
    await platform.close();
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
