/**
 * Benchmark of the indicators subgraph at national scale (issue 14): 245 area offices × 40 KRS indicators
 * (9,800 approved results of one round), each figure measured in this run against a baseline:
 *
 *  1. A catalogue change: new thresholds for every indicator through `updateIndicator` (40 GraphQL
 *     calls, each scoring its 245 results again with the service's decimal scoring and one UPDATE),
 *     then the ranking read back. Baseline: one SQL UPDATE that computes the same interpolation inside
 *     PostgreSQL for the same 9,800 rows (and the digits of both are compared: they must be equal).
 *  2. The ranking read: `indicatorScoreRanking` (245 cards with their lines) vs its ranking SQL alone.
 *  3. The national report: `exportIndicatorReport(orgCode: "OBEC", format: PDF)` (every office ranked,
 *     9,800 lines) and the same as XLSX, vs assembling the report's data without writing a file.
 *
 *   npm run bench:indicators        (or: cd services/indicators && npx tsx bench/scores.bench.ts)
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL, default 127.0.0.1:5432; the database is
 * created and dropped) and NATS (BENCH_NATS_URL or NATS_URL, default 127.0.0.1:4222; nothing is
 * published: the relay and the consumers are off). BENCH_ROUNDS (3) repetitions, medians reported.
 * Results go to bench-results/indicators.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import pino from 'pino';
import { databaseUrlFor } from '@smss/db';
import { bootService, DEFAULT_LIMITS } from '@smss/service-kit';
import { benchEnvironmentBase, gql, TEST_SUBGRAPH_SECURITY, tokenFor } from '@smss/testing';
import { fiscalYearOf, fiscalYearRange, todayInBangkok } from '@smss/thai';
import { createIndicatorsDomain } from '../src/context';
import { scoreOf, weightedScoreOf } from '../src/modules/scoring/score';
import { createIndicatorsService } from '../src/server';

const env = {
  server: benchEnvironmentBase().databaseServerUrl,
  nats: process.env.BENCH_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
  offices: Number(process.env.BENCH_OFFICES ?? 245),
  indicators: Number(process.env.BENCH_INDICATORS ?? 40),
};
const say = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

const THRESHOLDS = [
  ['60', '70', '80', '90', '100'],
  ['55', '65', '75', '85', '95'],
];

/** The same interpolation as the scoring module, inside PostgreSQL: the baseline of a re-score. */
const SQL_RESCORE = `
  UPDATE indicator_result r
     SET score = s.score, weighted_score = round(s.score * s.weight / 100, 5)
    FROM (
      SELECT r2.id, i.weight, round(CASE
               WHEN r2.value < t[1] THEN 0
               WHEN r2.value >= t[5] THEN 5
               WHEN r2.value < t[2] THEN 1 + (r2.value - t[1]) / (t[2] - t[1])
               WHEN r2.value < t[3] THEN 2 + (r2.value - t[2]) / (t[3] - t[2])
               WHEN r2.value < t[4] THEN 3 + (r2.value - t[3]) / (t[4] - t[3])
               ELSE 4 + (r2.value - t[4]) / (t[5] - t[4]) END, 5) AS score
        FROM indicator_result r2 JOIN indicator i ON i.id = r2.indicator_id, LATERAL (SELECT i.thresholds AS t) x
       WHERE i.fiscal_year = $1) s
   WHERE r.id = s.id`;

async function main() {
  const name = `smss_indicators_bench_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: env.server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  const databaseUrl = databaseUrlFor(env.server, name);
  const service = await bootService(
    createIndicatorsService({ durablePrefix: `bench-${name}`, deliverPolicy: 'new' }),
    {
      port: 0,
      databaseUrl,
      natsUrl: env.nats,
      logLevel: 'silent',
      ...TEST_SUBGRAPH_SECURITY,
      createDatabase: false,
      runRelay: false,
      runConsumers: false,
      limits: { ...DEFAULT_LIMITS, maxCost: 10_000_000 },
    },
    pino({ level: 'silent' }),
  );
  const db = service.dataSource;
  const fy = fiscalYearOf(todayInBangkok());
  const adminToken = await tokenFor('obec-admin', 'OBEC');
  const q = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(service.url, query, variables, { token: adminToken });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };
  const results: Record<string, unknown> = {
    offices: env.offices,
    indicators: env.indicators,
    fiscalYear: fy,
  };
  try {
    // ---- the national world ------------------------------------------------------------------------
    const offices = Array.from(
      { length: env.offices },
      (_, i) => `${String(10 + Math.floor(i / 4)).padStart(2, '0')}${String(1 + (i % 4)).padStart(2, '0')}`,
    );
    await db.query(
      `INSERT INTO directory_school_replica (school_id, obec_code, name_th, area_office_code, province_code, district_code,
                                             status, version, updated_at)
       SELECT gen_random_uuid(), '10' || a || '0001', 'โรงเรียน ' || a, a, left(a, 2), left(a, 2) || '01', 'OPEN', 1, now()
         FROM unnest($1::text[]) AS a`,
      [offices],
    );
    const weight = (100 / env.indicators).toFixed(5);
    const ids: string[] = [];
    for (let k = 0; k < env.indicators; k += 1) {
      const d = await q(`mutation($i: IndicatorInput!) { createIndicator(input: $i) { id version } }`, {
        i: {
          fiscalYear: fy,
          framework: 'KRS',
          code: `KRS ${Math.floor(k / 5) + 1}.${(k % 5) + 1}`,
          nameTh: `ร้อยละของผลสำเร็จตามตัวชี้วัดที่ ${k + 1} ของสำนักงานเขตพื้นที่การศึกษา`,
          nameEn: `Indicator ${k + 1}`,
          unit: 'ร้อยละ',
          weight:
            k === env.indicators - 1 ? (100 - Number(weight) * (env.indicators - 1)).toFixed(5) : weight,
          target: '100',
          ownerLevel: 'AREA_OFFICE',
          scoring: { method: 'LEVELS', direction: 'HIGHER_IS_BETTER', thresholds: THRESHOLDS[0] },
        },
      });
      ids.push(d.createIndicator.id);
    }
    const { start, end } = fiscalYearRange(fy);
    await q(`mutation($i: ReportingRoundInput!) { scheduleReportingRound(input: $i) { id } }`, {
      i: { fiscalYear: fy, month: 12, opensOn: start, closesOn: end },
    });
    const indicators = await db.query(
      `SELECT id, weight::text AS weight FROM indicator WHERE fiscal_year = $1`,
      [fy],
    );
    const criteria = {
      method: 'LEVELS' as const,
      direction: 'HIGHER_IS_BETTER' as const,
      thresholds: THRESHOLDS[0]!,
      steps: [],
    };
    const rows: Array<[string, string, string, string, string]> = [];
    for (const [o, office] of offices.entries())
      for (const [k, ind] of indicators.entries()) {
        const value = (50 + ((o * 37 + k * 11) % 5000) / 100).toFixed(2); // 50.00 … 99.99, deterministic
        const score = scoreOf(criteria, { value })!;
        rows.push([ind.id, office, value, score, weightedScoreOf(score, ind.weight)!]);
      }
    await db.query(
      `INSERT INTO indicator_result (indicator_id, round_id, org_level, org_code, area_office_code, status, value, score,
                                     weighted_score, created_by, submitted_by, decided_by)
       SELECT u.i, (SELECT id FROM reporting_round WHERE fiscal_year = $1 AND month = 12), 'AREA_OFFICE', u.o, u.o,
              'APPROVED', u.v, u.s, u.w, 'bench', 'bench:officer', 'bench:director'
         FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[]) AS u(i, o, v, s, w)`,
      [
        fy,
        rows.map((r) => r[0]),
        rows.map((r) => r[1]),
        rows.map((r) => r[2]),
        rows.map((r) => r[3]),
        rows.map((r) => r[4]),
      ],
    );
    await db.query('ANALYZE');
    say(
      `world: ${offices.length} area offices × ${indicators.length} indicators = ${rows.length} approved results (FY ${fy}, round 12)`,
    );

    const RANKING = `query($fy: Int!, $after: String) { indicatorScoreRanking(fiscalYear: $fy, framework: KRS, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor } edges { node { orgCode total rank lines { weightedScore } } } } }`;
    const readAllRanks = async () => {
      let after: string | null = null;
      for (;;) {
        const d: any = await q(RANKING, { fy, after });
        if (!d.indicatorScoreRanking.pageInfo.hasNextPage) return;
        after = d.indicatorScoreRanking.pageInfo.endCursor;
      }
    };
    const checksum = async () =>
      (
        await db.query(
          `SELECT md5(string_agg(score::text || weighted_score::text, ',' ORDER BY id)) AS h FROM indicator_result`,
        )
      )[0].h;

    const t = { api: [] as number[], sql: [] as number[], rankApi: [] as number[], rankSql: [] as number[] };
    const { repos } = createIndicatorsDomain(db, { exportTtlSeconds: 600 });
    const [round] = await db.query(`SELECT id FROM reporting_round WHERE fiscal_year = $1 AND month = 12`, [
      fy,
    ]);
    let set = 0;
    let equal = true;
    for (let r = 0; r < env.rounds; r += 1) {
      // (1) the catalogue change through the API: every indicator gets the other threshold set.
      set = 1 - set;
      let t0 = now();
      for (const id of ids) {
        const [{ version }] = await db.query(`SELECT version FROM indicator WHERE id = $1`, [id]);
        await q(
          `mutation($id: ID!, $i: IndicatorUpdateInput!) { updateIndicator(id: $id, input: $i) { version } }`,
          {
            id,
            i: {
              expectedVersion: version,
              scoring: { method: 'LEVELS', direction: 'HIGHER_IS_BETTER', thresholds: THRESHOLDS[set] },
            },
          },
        );
      }
      await readAllRanks();
      t.api.push(now() - t0);
      const byService = await checksum();
      // Baseline: the same re-score in one SQL statement (and the same digits).
      t0 = now();
      await db.query(SQL_RESCORE, [fy]);
      t.sql.push(now() - t0);
      if ((await checksum()) !== byService) equal = false;
      // (2) the ranking read vs its SQL.
      t0 = now();
      await readAllRanks();
      t.rankApi.push(now() - t0);
      t0 = now();
      await repos.results.areaRanking(round.id, 'KRS');
      t.rankSql.push(now() - t0);
    }
    results.catalogueChange = {
      apiMs: median(t.api),
      sqlBaselineMs: median(t.sql),
      ratio: median(t.api) / median(t.sql),
      sameDigitsAsSql: equal,
    };
    results.rankingRead = {
      apiMs: median(t.rankApi),
      sqlMs: median(t.rankSql),
      ratio: median(t.rankApi) / median(t.rankSql),
    };
    say(
      `catalogue change (40 updateIndicator calls re-scoring ${rows.length} results, then every rank read): ${ms(median(t.api))}` +
        ` — SQL re-score of the same rows ${ms(median(t.sql))} (${(median(t.api) / median(t.sql)).toFixed(1)}×); digits equal: ${equal}`,
    );
    say(
      `ranking read (245 cards with lines, 3 pages): ${ms(median(t.rankApi))} — its ranking SQL ${ms(median(t.rankSql))} (${(median(t.rankApi) / median(t.rankSql)).toFixed(1)}×)`,
    );

    // (3) the national report.
    const EXPORT = `mutation($f: IndicatorReportFormat!) { exportIndicatorReport(orgCode: "OBEC", fiscalYear: ${fy}, framework: KRS, format: $f) { byteSize rowCount } }`;
    const x = { pdf: [] as number[], xlsx: [] as number[], data: [] as number[] };
    let pdfBytes = 0;
    let xlsxBytes = 0;
    let rowCount = 0;
    const { services } = createIndicatorsDomain(db, { exportTtlSeconds: 600 });
    for (let r = 0; r < env.rounds; r += 1) {
      let t0 = now();
      const pdf = await q(EXPORT, { f: 'PDF' });
      x.pdf.push(now() - t0);
      pdfBytes = pdf.exportIndicatorReport.byteSize;
      rowCount = pdf.exportIndicatorReport.rowCount;
      t0 = now();
      const xlsx = await q(EXPORT, { f: 'XLSX' });
      x.xlsx.push(now() - t0);
      xlsxBytes = xlsx.exportIndicatorReport.byteSize;
      t0 = now();
      const viewer = {
        authenticated: true as const,
        subject: 'bench',
        role: 'obec-admin' as const,
        level: 'OBEC' as const,
        orgCode: 'OBEC',
        scopes: [],
      };
      await services.exports.document(
        { viewer, trust: undefined as never },
        { level: 'OBEC', code: 'OBEC', areaOfficeCode: null, schoolCode: null, schoolId: null },
        { fiscalYear: fy, framework: 'KRS', roundMonth: 12 },
      );
      x.data.push(now() - t0);
    }
    results.nationalReport = {
      rows: rowCount,
      pdfMs: median(x.pdf),
      pdfBytes,
      xlsxMs: median(x.xlsx),
      xlsxBytes,
      dataMs: median(x.data),
      pdfToData: median(x.pdf) / median(x.data),
      pdfToXlsx: median(x.pdf) / median(x.xlsx),
    };
    say(
      `national report (${rowCount} rows): PDF ${ms(median(x.pdf))} (${(pdfBytes / 1024 / 1024).toFixed(1)} MB), XLSX ${ms(median(x.xlsx))} (${(xlsxBytes / 1024).toFixed(0)} KB)` +
        ` — its data alone ${ms(median(x.data))}: PDF ${(median(x.pdf) / median(x.data)).toFixed(1)}×, XLSX ${(median(x.xlsx) / median(x.data)).toFixed(1)}×`,
    );
    const out = path.join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'indicators.json'),
      `${JSON.stringify({ measuredAt: new Date().toISOString(), ...results }, null, 2)}\n`,
    );
  } finally {
    await service.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
