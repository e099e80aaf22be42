/**
 * Benchmark for issue 15 (war room): at national scale — 29,000 schools from the national directory,
 * ~6.5 M students as DMC snapshot events — measures
 * 1. the time from the start of a national DMC round close (29,000 `students.dmc-snapshot.published` events
 *    published on JetStream) until the national view shows every school of the round;
 * 2. `warRoom(level: COUNTRY)` with its regions, and a province drill-down with its area offices, through
 *    the gateway: p50 / p95, against the raw GROUP BY over source-shaped tables (one row per student joined
 *    with the directory) in the same run, interleaved.
 *
 *   npm run bench:warroom        (BENCH_DIRECTORY=lopburi for a quick run; BENCH_RUNS, BENCH_STUDENTS)
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL) and the `nats-server` binary (a private
 * JetStream server unless BENCH_NATS_URL is set). Both databases are dropped afterwards. Results also go to
 * bench-results/warroom.json.
 */
import { benchEnvironment as env } from './environment';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { jetstream } from '@nats-io/jetstream';
import { Client } from 'pg';
import { buildEnvelope, DmcSnapshotPublished, GRADE_LEVELS, OutboxRelay } from '@smss/events';
import { DEFAULT_LIMITS, startGateway } from '@smss/gateway';
import { schoolsService, seedDirectory } from '@smss/schools';
import { bootService } from '@smss/service-kit';
import {
  gql,
  latencyStats as stats,
  say,
  secondsSince as seconds,
  startBenchPlatform,
  thousands,
  tokenFor,
  waitUntil,
  writeBenchResult,
} from '@smss/testing';
import { createWarroomService } from '../src/server';

const SUMMARY = `level code nameTh schools students { source { round schoolsReporting } total male female poor
  extremelyPoor disabled stateless classrooms byGrade { key total male female } }
  smallSchools { smallSchools bands { label schools } } teachers { required present gap shortage }`;
const VIEW = `query WarRoom($level: WarRoomLevel!, $code: String) {
  warRoom(level: $level, code: $code) { ${SUMMARY} children { ${SUMMARY} } } }`;

/** The war room's waits: national rounds take minutes, so a longer limit and a tighter poll. */
const waitFor = (check: () => Promise<boolean>, what: string) =>
  waitUntil(check, what, { timeoutMs: 900_000, intervalMs: 100 });

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One snapshot per school: sizes log-normal (median ~135, so about half the schools are small, as in
 * OBEC), scaled to the national total; primary (K1–P6), secondary (M1–M6) or both (K1–M3) schools.
 */
function nationalRound(
  schools: Array<{ school_id: string; obec_code: string; area_office_code: string; province_code: string }>,
) {
  const next = rng(2569);
  const normal = () => Math.sqrt(-2 * Math.log(next() || 1e-9)) * Math.cos(2 * Math.PI * next());
  const raw = schools.map(() => Math.exp(4.9 + 0.95 * normal()));
  const scale = env.students / raw.reduce((a, b) => a + b, 0);
  return schools.map((s, i) => {
    const size = Math.max(3, Math.round(raw[i]! * scale));
    const kind =
      Number(s.area_office_code.slice(2)) >= 50 ? 'SECONDARY' : next() < 0.15 ? 'EXPANSION' : 'PRIMARY';
    const grades =
      kind === 'SECONDARY'
        ? GRADE_LEVELS.slice(9)
        : kind === 'EXPANSION'
          ? GRADE_LEVELS.slice(0, 12)
          : GRADE_LEVELS.slice(0, 9);
    let left = size;
    const counts = grades.map((gradeLevel, g) => {
      const n =
        g === grades.length - 1
          ? left
          : Math.min(left, Math.round((size / grades.length) * (0.8 + 0.4 * next())));
      left -= n;
      const male = Math.round(n * 0.51);
      return {
        gradeLevel,
        male,
        female: n - male,
        poor: Math.round(n * 0.2 * next()),
        extremelyPoor: Math.round(n * 0.1 * next()),
        disabled: Math.round(n * 0.04 * next()),
        orphan: 0,
        stateless: next() < 0.1 ? Math.round(n * 0.1 * next()) : 0,
        ethnicMinority: 0,
        classrooms: n ? Math.ceil(n / 35) : 0,
      };
    });
    return buildEnvelope(DmcSnapshotPublished, s.school_id, {
      snapshotId: randomUUID(),
      roundId: '00000000-0000-4000-8000-000000002569',
      academicYear: 2569,
      round: 'TERM1',
      asOfDate: '2026-06-10',
      schoolId: s.school_id,
      schoolCode: s.obec_code,
      areaOfficeCode: s.area_office_code,
      provinceCode: s.province_code,
      snapshotVersion: 1,
      grades: counts,
      totalStudents: counts.reduce((t, g) => t + g.male + g.female, 0),
    });
  });
}

/** The raw baseline: one row per student (the source's shape), loaded from the same snapshots. */
async function loadStudents(client: Client, snapshots: ReturnType<typeof nationalRound>) {
  await client.query(`CREATE UNLOGGED TABLE bench_grade (school_id uuid, grade text, male int, female int, poor int,
    extremely_poor int, disabled int, stateless int)`);
  const rows = snapshots.flatMap((e) => e.payload.grades.map((g) => ({ s: e.payload.schoolId, ...g })));
  for (let i = 0; i < rows.length; i += 20_000) {
    const c = rows.slice(i, i + 20_000);
    await client.query(
      `INSERT INTO bench_grade SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[])`,
      [
        c.map((r) => r.s),
        c.map((r) => r.gradeLevel),
        c.map((r) => r.male),
        c.map((r) => r.female),
        c.map((r) => r.poor),
        c.map((r) => r.extremelyPoor),
        c.map((r) => r.disabled),
        c.map((r) => r.stateless),
      ],
    );
  }
  // Student n of a grade: male for n <= male; poor, extremely poor, disabled, stateless for the first ones.
  await client.query(`CREATE UNLOGGED TABLE bench_student AS
    SELECT g.school_id, g.grade, n <= g.male AS male, n <= g.poor AS poor, n <= g.extremely_poor AS extremely_poor,
           n <= g.disabled AS disabled, n <= g.stateless AS stateless
      FROM bench_grade g CROSS JOIN LATERAL generate_series(1, g.male + g.female) AS n`);
  await client.query(`CREATE INDEX ON bench_student (school_id)`);
  await client.query(`ANALYZE`);
}

/** The raw GROUP BY of a view and its children (students, by grade and gender, poverty, …). */
const RAW = {
  COUNTRY: `SELECT pr.region_code, s.grade, count(*) AS total, count(*) FILTER (WHERE s.male) AS male,
                   count(*) FILTER (WHERE s.poor) AS poor, count(*) FILTER (WHERE s.extremely_poor) AS extremely_poor,
                   count(*) FILTER (WHERE s.disabled) AS disabled, count(*) FILTER (WHERE s.stateless) AS stateless
              FROM bench_student s JOIN directory_school_replica r USING (school_id)
              JOIN province_region pr ON pr.province_code = r.province_code
             GROUP BY ROLLUP (pr.region_code), s.grade`,
  PROVINCE: `SELECT r.area_office_code, s.grade, count(*) AS total, count(*) FILTER (WHERE s.male) AS male,
                    count(*) FILTER (WHERE s.poor) AS poor, count(*) FILTER (WHERE s.extremely_poor) AS extremely_poor,
                    count(*) FILTER (WHERE s.disabled) AS disabled, count(*) FILTER (WHERE s.stateless) AS stateless
               FROM bench_student s JOIN directory_school_replica r USING (school_id)
              WHERE r.province_code = $1
              GROUP BY ROLLUP (r.area_office_code), s.grade`,
};

async function main() {
  const platform = await startBenchPlatform({
    serverUrl: env.databaseServerUrl,
    natsUrl: env.natsUrl,
    logLevel: env.logLevel,
    databases: ['schools', 'warroom'],
  });
  const { logger, suffix } = platform;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  let client: Client | undefined;
  try {
    say(
      `war-room benchmark — ${env.directory} directory, ${thousands(env.students)} students, ${os.cpus().length} CPUs, ${process.version}`,
    );
    const t0 = performance.now();
    const warroom = platform.track(
      await bootService(
        createWarroomService({ durablePrefix: `bench-warroom-${suffix}` }),
        { ...platform.runtime('warroom'), runRelay: false },
        logger,
      ),
    );
    const schools = platform.track(
      await bootService(schoolsService, { ...platform.runtime('schools'), runRelay: false }, logger),
    );
    const seeded = await seedDirectory(schools.dataSource, env.directory);
    await new OutboxRelay(schools.dataSource, schools.nc, logger).drain();
    const countryView = async () =>
      (await warroom.dataSource.query(
        `SELECT grp, period, value::int AS n FROM level_figure WHERE level = 'COUNTRY' AND figure IN ('schools', 'reporting')`,
      )) as Array<{ grp: string; period: string; n: number }>;
    await waitFor(
      async () =>
        (
          await warroom.dataSource.query(
            `SELECT count(*)::int AS n FROM school_figure WHERE grp = 'directory'`,
          )
        )[0].n >= seeded.schools,
      'the directory in the war room',
    );
    say(
      `  directory: ${seeded.schools} schools replicated and counted through JetStream in ${seconds(t0)} s`,
    );

    const placed: Array<{
      school_id: string;
      obec_code: string;
      area_office_code: string;
      province_code: string;
    }> = await warroom.dataSource.query(
      `SELECT school_id, obec_code, area_office_code, province_code FROM directory_school_replica ORDER BY obec_code`,
    );
    const round = nationalRound(placed);
    const students = round.reduce((n, e) => n + e.payload.totalStudents, 0);

    // 1. A national round close: every school's snapshot published, until the national view shows them all.
    const js = jetstream(warroom.nc);
    const t1 = performance.now();
    for (let i = 0; i < round.length; i += 1000)
      await Promise.all(
        round
          .slice(i, i + 1000)
          .map((e) => js.publish(DmcSnapshotPublished.subject, JSON.stringify(e), { msgID: e.id })),
      );
    const publishedMs = performance.now() - t1;
    await waitFor(
      async () =>
        (await countryView()).some(
          (r) => r.grp === 'students' && r.period === '2569-1' && r.n >= round.length,
        ),
      'the round in the national view',
    );
    const roundCloseMs = performance.now() - t1;
    const [{ rows }] = await warroom.dataSource.query(`SELECT count(*)::int AS rows FROM school_figure`);
    say(
      `  round close: ${thousands(round.length)} snapshots (${thousands(students)} students) published in ${(publishedMs / 1000).toFixed(1)} s, national view complete after ${(roundCloseMs / 1000).toFixed(1)} s (${thousands(rows)} school figure rows)`,
    );

    // 2. Reads through the gateway vs the raw GROUP BY.
    client = new Client({ connectionString: platform.databases.warroom.url });
    client.on('error', () => undefined);
    await client.connect();
    const t2 = performance.now();
    await loadStudents(client, round);
    const [{ n: studentRows }] = (await client.query(`SELECT count(*)::int AS n FROM bench_student`)).rows;
    say(`  raw baseline: ${thousands(studentRows)} student rows loaded in ${seconds(t2)} s`);

    gateway = await startGateway(
      {
        ...platform.gatewayConfig({ schools: schools.url, warroom: warroom.url }),
        limits: DEFAULT_LIMITS,
      } as never,
      logger,
    );
    const token = await tokenFor('obec-analyst', 'OBEC');
    const [{ province_code: province }] = await warroom.dataSource.query(
      `SELECT province_code FROM directory_school_replica GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const viaGateway = async (level: string, code: string | null) => {
      const res = await gql(gateway!.url, VIEW, { level, code }, { token, asGateway: false });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.warRoom;
    };
    const raw = async (level: 'COUNTRY' | 'PROVINCE') =>
      (await client!.query(RAW[level], level === 'PROVINCE' ? [province] : [])).rows as Array<
        Record<string, string>
      >;

    // Same answer both ways, before measuring.
    const national = await viaGateway('COUNTRY', null);
    const rawNational = (await raw('COUNTRY')).filter((r) => r.region_code === null);
    const rawTotal = rawNational.reduce((n, r) => n + Number(r.total), 0);
    const rawStateless = rawNational.reduce((n, r) => n + Number(r.stateless), 0);
    if (
      national.students.total !== rawTotal ||
      national.students.stateless !== rawStateless ||
      rawTotal !== students
    )
      throw new Error(
        `war room ${national.students.total} / raw ${rawTotal} / published ${students}: they disagree`,
      );
    const drill = await viaGateway('PROVINCE', province);
    const rawProvince = (await raw('PROVINCE')).filter((r) => r.area_office_code === null);
    if (drill.students.total !== rawProvince.reduce((n, r) => n + Number(r.total), 0))
      throw new Error('the province drill-down and the raw GROUP BY disagree');
    say(
      `  checked: national ${thousands(rawTotal)} students and province ${province} agree with the raw GROUP BY`,
    );

    for (let i = 0; i < 2; i += 1)
      await Promise.all([
        viaGateway('COUNTRY', null),
        viaGateway('PROVINCE', province),
        raw('COUNTRY'),
        raw('PROVINCE'),
      ]);
    const times = {
      country: [] as number[],
      province: [] as number[],
      rawCountry: [] as number[],
      rawProvince: [] as number[],
    };
    const time = async (key: keyof typeof times, f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      times[key].push(performance.now() - t);
    };
    for (let i = 0; i < env.runs; i += 1) {
      await time('country', () => viaGateway('COUNTRY', null));
      await time('province', () => viaGateway('PROVINCE', province));
      if (i % 3 === 0) {
        await time('rawCountry', () => raw('COUNTRY'));
        await time('rawProvince', () => raw('PROVINCE'));
      }
    }
    const result = {
      directory: env.directory,
      schools: seeded.schools,
      students,
      schoolFigureRows: rows,
      roundClose: {
        events: round.length,
        publishedMs: Math.round(publishedMs),
        visibleNationallyMs: Math.round(roundCloseMs),
      },
      gatewayCountryMs: stats(times.country),
      gatewayProvinceMs: { province, ...stats(times.province) },
      rawGroupByCountryMs: stats(times.rawCountry),
      rawGroupByProvinceMs: stats(times.rawProvince),
      cpus: os.cpus().length,
      node: process.version,
    };
    say(
      `  warRoom(COUNTRY) + 6 regions via gateway:     p50 ${result.gatewayCountryMs.p50} ms, p95 ${result.gatewayCountryMs.p95} ms`,
    );
    say(
      `  raw GROUP BY (country + regions):             p50 ${result.rawGroupByCountryMs.p50} ms, p95 ${result.rawGroupByCountryMs.p95} ms`,
    );
    say(
      `  warRoom(PROVINCE ${province}) + area offices via gateway: p50 ${result.gatewayProvinceMs.p50} ms, p95 ${result.gatewayProvinceMs.p95} ms`,
    );
    say(
      `  raw GROUP BY (province + area offices):       p50 ${result.rawGroupByProvinceMs.p50} ms, p95 ${result.rawGroupByProvinceMs.p95} ms`,
    );
    writeBenchResult('warroom', result);
  } finally {
    await client?.end().catch(() => undefined);
    await gateway?.close().catch(() => undefined);
    await platform.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
