/**
 * Benchmark for issue #4 ("Measure and report"): an area office of 150 schools and 3,000 staff;
 * ONE query through the gateway lists every school of the area with its staff count and staffing
 * gap (two pages of the directory's connection: 100 + 50 schools). Reports the SQL statements each
 * subgraph runs per request (they must not grow with the number of schools) and the latency.
 *
 *   cd services/personnel && npx tsx bench/area-staffing.bench.ts
 *
 * Needs PostgreSQL and NATS JetStream as for the tests (BENCH_DATABASE_URL or TEST_DATABASE_URL,
 * NATS_URL; BENCH_RUNS, default 30). It boots the schools and personnel subgraphs on two fresh
 * databases and the gateway on the committed supergraph, all in this process, and drops
 * everything afterwards. Results also go to bench-results/personnel-area-staffing.json.
 */
// First: it turns telemetry off before anything here constructs a gateway.
import { benchEnvironment as env } from './environment';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import pino from 'pino';
import { databaseUrlFor, QueryCounter } from '@smss/db';
import {
  buildEnvelope,
  DmcSnapshotPublished,
  OutboxRelay,
  SCHOOLS_STREAM,
  STUDENTS_STREAM,
  type DmcSnapshotPublishedPayload,
} from '@smss/events';
import { DEFAULT_LIMITS, startGateway } from '@smss/gateway';
import { schoolsService, seedDirectory } from '@smss/schools';
import { bootService, type RunningService } from '@smss/service-kit';
import { gql, tokenFor, TEST_GATEWAY_KEYS, TEST_SUBGRAPH_SECURITY, TEST_TOKENS } from '@smss/testing';
import { syntheticNationalId } from '@smss/thai';
import { createPersonnelService, durableNames } from '../src/server';

const AREA = '1649'; // a bench-only primary area office in Lopburi
const SCHOOLS = 150;
const STAFF_PER_SCHOOL = 20; // 150 × 20 = 3,000
const logger = pino({ level: env.logLevel });
const say = (line: string) => process.stdout.write(`${line}\n`);

const QUERY = `query AreaSchoolsStaffing($code: String!, $first: Int!, $after: String) {
  areaOffice(code: $code) {
    code nameTh staffCount
    staffing { teachersRequired teachersActual gap schoolsShort }
    schools(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { obecCode nameTh staffCount staffing { teachersRequired teachersActual gap } } }
    }
  }
}`;

async function adminQuery(sql: string) {
  const client = new Client({ connectionString: databaseUrlFor(env.databaseServerUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Small deterministic generator so every run measures the same data. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const suffix = randomBytes(3).toString('hex');
  const dbs = { schools: `bench_schools_${suffix}`, personnel: `bench_personnel_${suffix}` };
  for (const name of Object.values(dbs))
    await adminQuery(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  const running: RunningService[] = [];
  const prefix = `bench-personnel-${suffix}`;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  const runtime = (database: string) => ({
    port: 0,
    databaseUrl: databaseUrlFor(env.databaseServerUrl, database),
    natsUrl: env.natsUrl,
    logLevel: env.logLevel,
    ...TEST_SUBGRAPH_SECURITY,
    createDatabase: false,
    runRelay: false,
  });
  try {
    const t0 = Date.now();
    // Personnel first: its consumers start at new messages, so they see this run's events only.
    const personnel = await bootService(
      createPersonnelService({ durablePrefix: prefix, deliverPolicy: 'new' }),
      runtime(dbs.personnel),
      logger,
    );
    running.push(personnel);
    const schools = await bootService(schoolsService, runtime(dbs.schools), logger);
    running.push(schools);
    await seedDirectory(schools.dataSource, 'lopburi');
    await schools.dataSource.query(
      `INSERT INTO area_office (code, kind, name_th, name_en, province_code)
       VALUES ($1, 'PRIMARY', 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาลพบุรี (ทดสอบสมรรถนะ)', 'Lopburi Primary (benchmark)', '16')`,
      [AREA],
    );
    await schools.dataSource.query(
      `INSERT INTO area_office_district (area_office_code, district_code) SELECT $1, code FROM district WHERE province_code = '16'`,
      [AREA],
    );
    const districts: Array<{ code: string }> = await schools.dataSource.query(
      `SELECT code FROM district WHERE province_code = '16' ORDER BY code`,
    );
    const admin = await tokenFor('obec-admin', 'OBEC');
    const created: Array<{ id: string; obecCode: string }> = [];
    for (let i = 0; i < SCHOOLS; i += 1) {
      const smis = `${AREA}${String(i + 1).padStart(4, '0')}`;
      const res = await gql(
        schools.url,
        `mutation($i: CreateSchoolInput!) { createSchool(input: $i) { id obecCode } }`,
        {
          i: {
            obecCode: `10${smis}`,
            smisCode: smis,
            nameTh: `โรงเรียนทดสอบสมรรถนะ ${i + 1}`,
            areaOfficeCode: AREA,
            districtCode: districts[i % districts.length]!.code,
            levels: ['PRE_PRIMARY', 'PRIMARY'],
            schoolType: 'PRIMARY',
          },
        },
        { token: admin },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      created.push(res.data.createSchool);
    }
    await new OutboxRelay(schools.dataSource, schools.nc, logger).drain();
    await waitFor(
      async () =>
        (
          await personnel.dataSource.query(
            `SELECT count(*)::int AS n FROM directory_school_replica WHERE area_office_code = $1`,
            [AREA],
          )
        )[0].n === SCHOOLS,
      'directory replica',
    );

    // 3,000 staff: per school a director, 16 teachers, an assistant teacher, support staff, a temporary employee.
    const positions = [
      'DIRECTOR',
      ...Array(16).fill('TEACHER'),
      'ASSISTANT_TEACHER',
      'EDUCATION_SUPPORT_STAFF',
      'TEMPORARY_EMPLOYEE',
    ] as string[];
    const people = created.flatMap((school, s) =>
      positions.map((positionType, k) => ({
        school,
        positionType,
        seed: 800_000_000 + s * STAFF_PER_SCHOOL + k,
      })),
    );
    const ids: Array<{ id: string }> = await personnel.dataSource.query(
      `INSERT INTO staff (national_id, title, first_name_th, last_name_th, salary, service_start_date,
                          vacation_opening_fiscal_year, created_by)
       SELECT u.nid, 'นาง', 'ครูทดสอบ', u.last, 30000.00, '2012-05-16', 2570, 'bench'
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(nid, last, n) ORDER BY u.n
       RETURNING id`,
      [people.map((p) => syntheticNationalId(p.seed)), people.map((_, i) => `สมรรถนะ${i}`)],
    );
    await personnel.dataSource.query(
      `INSERT INTO appointment (staff_id, kind, posting_kind, school_id, school_code, area_office_code, position_type,
                                start_date, created_by)
       SELECT u.staff_id, 'INITIAL', 'SCHOOL', u.school_id, u.school_code, $1, u.position_type, '2020-05-16', 'bench'
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS u(staff_id, school_id, school_code, position_type)`,
      [
        AREA,
        ids.map((r) => r.id),
        people.map((p) => p.school.id),
        people.map((p) => p.school.obecCode),
        people.map((p) => p.positionType),
      ],
    );

    // One real DMC snapshot event per school, as the students service will publish them.
    const random = rng(2569);
    const js = jetstream(personnel.nc);
    for (const school of created) {
      const grades = (['K2', 'K3', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const).map((gradeLevel) => {
        const n = 5 + Math.floor(random() * 60);
        return {
          gradeLevel,
          male: Math.floor(n / 2),
          female: n - Math.floor(n / 2),
          poor: 0,
          extremelyPoor: 0,
          disabled: 0,
          orphan: 0,
          stateless: 0,
          ethnicMinority: 0,
          classrooms: 1,
        };
      });
      const payload: DmcSnapshotPublishedPayload = {
        snapshotId: randomUUID(),
        roundId: randomUUID(),
        academicYear: 2569,
        round: 'TERM2',
        asOfDate: '2026-11-10',
        schoolId: school.id,
        schoolCode: school.obecCode,
        areaOfficeCode: AREA,
        provinceCode: '16',
        snapshotVersion: 1,
        grades,
        totalStudents: grades.reduce((sum, g) => sum + g.male + g.female, 0),
      };
      const envelope = buildEnvelope(DmcSnapshotPublished, school.id, payload);
      await js.publish(DmcSnapshotPublished.subject, JSON.stringify(envelope), { msgID: envelope.id });
    }
    await waitFor(
      async () =>
        (
          await personnel.dataSource.query(
            `SELECT count(*)::int AS n FROM school_enrolment WHERE area_office_code = $1`,
            [AREA],
          )
        )[0].n === SCHOOLS,
      'DMC snapshots',
    );
    say(
      `setup: ${SCHOOLS} schools, ${ids.length} staff, ${SCHOOLS} DMC snapshots in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Quiet background work, then count every statement each subgraph runs.
    for (const c of personnel.consumers) await c.stop();
    const counters = { schools: new QueryCounter(), personnel: new QueryCounter(50) };
    (schools.dataSource as unknown as { logger: QueryCounter }).logger = counters.schools;
    (personnel.dataSource as unknown as { logger: QueryCounter }).logger = counters.personnel;

    gateway = await startGateway(
      {
        port: 0,
        logLevel: env.logLevel,
        tokens: TEST_TOKENS,
        gatewayPrivateKey: TEST_GATEWAY_KEYS.privateKey,
        ops: { publicMetrics: true },
        limits: DEFAULT_LIMITS,
        explorer: false,
        workers: 1,
        subgraphUrls: { schools: schools.url, personnel: personnel.url },
      },
      logger,
    );
    const gatewayUrl = gateway.url;
    const subgraphRequests = async () => {
      const text = await (await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
      return text
        .split('\n')
        .filter((l) => l.startsWith('gateway_subgraph_requests_total{'))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
    };

    /** One listing of every school of the area (pages of `first`), measured. */
    const listing = async (first: number) => {
      counters.schools.reset();
      counters.personnel.reset();
      const calls = await subgraphRequests();
      const started = performance.now();
      let after: string | null = null;
      let schoolsSeen = 0;
      let pages = 0;
      let shortage = 0;
      do {
        const res: any = await gql(
          gatewayUrl,
          QUERY,
          { code: AREA, first, after },
          { token: admin, asGateway: false },
        );
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        const conn = res.data.areaOffice.schools;
        for (const e of conn.edges) {
          if (e.node.staffCount !== STAFF_PER_SCHOOL)
            throw new Error(`unexpected staffCount ${e.node.staffCount}`);
          if (e.node.staffing.gap < 0) shortage += 1;
        }
        schoolsSeen += conn.edges.length;
        pages += 1;
        after = conn.pageInfo.hasNextPage ? conn.pageInfo.endCursor : null;
      } while (after);
      const ms = performance.now() - started;
      if (schoolsSeen !== SCHOOLS) throw new Error(`listed ${schoolsSeen} schools`);
      return {
        ms,
        pages,
        statements: { schools: counters.schools.count, personnel: counters.personnel.count },
        subgraphRequests: (await subgraphRequests()) - calls,
        schoolsShort: shortage,
        personnelStatements: [...counters.personnel.statements],
      };
    };

    for (let i = 0; i < 3; i += 1) await listing(100);
    const runs = [];
    for (let i = 0; i < env.runs; i += 1) runs.push(await listing(100));
    const perTen = await listing(10);
    const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
    const first = runs[0]!;
    const result = {
      query:
        'areaOffice(code) { staffCount staffing schools(first: 100, after) { edges { node { staffCount staffing } } } } — all 150 schools',
      area: AREA,
      schools: SCHOOLS,
      staff: ids.length,
      runs: env.runs,
      pages: first.pages,
      statementsPerListing: first.statements,
      statementsPerPage: {
        schools: first.statements.schools / first.pages,
        personnel: first.statements.personnel / first.pages,
      },
      subgraphRequestsPerListing: first.subgraphRequests,
      sameListingIn15PagesOf10: {
        statements: perTen.statements,
        subgraphRequests: perTen.subgraphRequests,
        ms: round(perTen.ms),
      },
      latencyMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
        min: round(sorted[0]!),
        max: round(sorted[sorted.length - 1]!),
      },
      schoolsShort: first.schoolsShort,
      personnelStatements: first.personnelStatements.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    };
    say('');
    say(`Every school of an area office with its staff count and staffing gap, through the gateway`);
    say(
      `  ${SCHOOLS} schools, ${ids.length} staff, ${first.pages} pages of 100; ${env.runs} measured runs after 3 warm-ups`,
    );
    say(
      `  SQL statements per listing: schools ${first.statements.schools}, personnel ${first.statements.personnel}`,
    );
    say(
      `  (in 15 pages of 10: schools ${perTen.statements.schools}, personnel ${perTen.statements.personnel})`,
    );
    say(`  subgraph requests per listing: ${first.subgraphRequests}`);
    say(
      `  latency per listing (ms): p50 ${result.latencyMs.p50}, p95 ${result.latencyMs.p95}, mean ${result.latencyMs.mean}, min ${result.latencyMs.min}, max ${result.latencyMs.max}`,
    );
    say(`  schools short of teachers: ${first.schoolsShort}`);
    const out = path.resolve(__dirname, '../../../bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'personnel-area-staffing.json'), `${JSON.stringify(result, null, 2)}\n`);
    say(`  written to bench-results/personnel-area-staffing.json`);
  } finally {
    await gateway?.close();
    const nc = running[0]?.nc;
    if (nc) {
      const jsm = await jetstreamManager(nc);
      const names = durableNames(prefix);
      await jsm.consumers.delete(SCHOOLS_STREAM, names.directory).catch(() => undefined);
      await jsm.consumers.delete(STUDENTS_STREAM, names.dmcSnapshots).catch(() => undefined);
    }
    for (const s of running.reverse()) await s.close().catch(() => undefined);
    for (const name of Object.values(dbs)) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
