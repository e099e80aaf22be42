/**
 * National DMC round close, end to end on a private JetStream (a benchmark, not a test):
 *
 *   npm run bench:events:national
 *
 * 1. A private `nats-server -js` (free port, temporary folder) and fresh databases; finance and
 *    personnel each in their own process (`service-process.ts`), with their real consumers.
 * 2. The national directory (generateDirectory('national'): 29,000 schools in 245 area offices) as
 *    `schools.school.upserted` events: the time until both services' replicas hold every school.
 * 3. The round closes: one `students.dmc-snapshot.published` event per school (29,000), published
 *    as the students relay would. Measured from the first publish to every allocation (finance) and
 *    every staffing figure (personnel) committed; then checked through each subgraph's GraphQL
 *    (province allocation summaries, area-office staffing rollups).
 * 4. Raw JetStream consume of the same 29,000 messages (ack only) in the same run, for the ratio.
 * 5. The Lopburi sandbox (province 16: 383 schools) closing a later round alone.
 *
 * Needs PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432) and the nats-server binary.
 * BENCH_DMC_PULLERS: pullers on finance's DMC durable (default: the service's, 4).
 * Results: bench-results/national-round-close.json.
 */
process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.TURBO_TELEMETRY_DISABLED = '1';

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { databaseUrlFor } from '@smss/db';
import {
  buildEnvelope,
  connectNats,
  DmcSnapshotPublished,
  ensureStreams,
  GRADE_LEVELS,
  SchoolUpserted,
  STREAMS,
  STUDENTS_STREAM,
  subjectFor,
  type DmcSnapshotPublishedPayload,
  type EventContract,
  type GradeCounts,
  type GradeLevel,
  type PayloadOf,
} from '@smss/events';
import { generateDirectory } from '@smss/schools';
import { gql, TEST_GATEWAY_KEYS, tokenFor } from '@smss/testing';
import { freePort, startNatsServer } from '@smss/testing/infra.mjs';

const serverUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const say = (line: string) => process.stdout.write(`${line}\n`);
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000));
const REPO = path.resolve(__dirname, '../../..');

// ---- the national directory and its DMC snapshots --------------------------------------------------

type School = PayloadOf<typeof SchoolUpserted> & { expectedStudents: number; levelsOfSchool: string[] };

function nationalSchools(): School[] {
  return generateDirectory('national').schools.map((s) => ({
    id: randomUUID(),
    obecCode: s.obecCode,
    smisCode: s.smisCode,
    nameTh: s.nameTh,
    nameEn: s.nameEn,
    areaOfficeCode: s.areaOfficeCode,
    provinceCode: s.provinceCode,
    districtCode: s.districtCode,
    status: s.status,
    schoolType: s.schoolType,
    levels: s.levels,
    version: 1,
    expectedStudents: s.expectedStudents,
    levelsOfSchool: s.levels,
  }));
}

const GRADES_OF_LEVEL: Record<string, GradeLevel[]> = {
  PRE_PRIMARY: ['K2', 'K3'],
  PRIMARY: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'],
  LOWER_SECONDARY: ['M1', 'M2', 'M3'],
  UPPER_SECONDARY: ['M4', 'M5', 'M6'],
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A school's counts: its expected students spread over the grades of its levels (closed schools: none). */
function gradesOf(school: School, rand: () => number): GradeCounts[] {
  const grades = school.levelsOfSchool.flatMap((l) => GRADES_OF_LEVEL[l] ?? []);
  if (school.status !== 'OPEN' || grades.length === 0 || school.expectedStudents === 0) return [];
  const per = school.expectedStudents / grades.length;
  return GRADE_LEVELS.filter((g) => grades.includes(g)).map((gradeLevel) => {
    const students = Math.max(1, Math.round(per * (0.7 + rand() * 0.6)));
    const male = Math.round(students * (0.45 + rand() * 0.1));
    const extremelyPoor = ['M4', 'M5', 'M6'].includes(gradeLevel) ? 0 : Math.floor(students * rand() * 0.25);
    return {
      gradeLevel,
      male,
      female: students - male,
      poor: extremelyPoor,
      extremelyPoor,
      disabled: 0,
      orphan: 0,
      stateless: 0,
      ethnicMinority: 0,
      classrooms: Math.max(1, Math.round(students / 35)),
    };
  });
}

function roundSnapshots(
  schools: School[],
  round: { roundId: string; round: 'TERM1' | 'TERM2'; asOfDate: string; academicYear: number },
  seed: number,
): DmcSnapshotPublishedPayload[] {
  const rand = mulberry32(seed);
  return schools.map((s) => {
    const grades = gradesOf(s, rand);
    return {
      snapshotId: randomUUID(),
      ...round,
      schoolId: s.id,
      schoolCode: s.obecCode,
      areaOfficeCode: s.areaOfficeCode,
      provinceCode: s.provinceCode,
      snapshotVersion: 1,
      grades,
      totalStudents: grades.reduce((n, g) => n + g.male + g.female, 0),
    };
  });
}

// ---- processes ------------------------------------------------------------------------------------

interface ServiceProcess {
  name: string;
  url: string;
  stats: Array<Record<string, number | string>>;
  stop: () => Promise<void>;
}

async function startServiceProcess(
  name: string,
  databaseUrl: string,
  natsUrl: string,
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'service-process.ts'), name, databaseUrl, natsUrl],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
      // The child trusts this process's gateway key, so `gql` here signs assertions it accepts.
      env: { ...process.env, BENCH_GATEWAY_PUBLIC_KEY: TEST_GATEWAY_KEYS.publicKey },
    },
  );
  const proc: ServiceProcess = {
    name,
    url: '',
    stats: [],
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        proc.url = line.slice(6).trim();
        resolve();
      } else if (line.startsWith('STATS ')) proc.stats = JSON.parse(line.slice(6));
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
  return proc;
}

async function publishAll<C extends EventContract>(
  nc: Parameters<typeof jetstream>[0],
  contract: C,
  items: Array<{ aggregateId: string; payload: PayloadOf<C> }>,
): Promise<number> {
  const js = jetstream(nc);
  const messages = items.map((i) => {
    const e = buildEnvelope(contract, i.aggregateId, i.payload);
    return { subject: subjectFor(contract, i.aggregateId), id: e.id, data: JSON.stringify(e) };
  });
  const t0 = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 256 }, async () => {
      while (next < messages.length) {
        const m = messages[next++]!;
        await js.publish(m.subject, m.data, { msgID: m.id, timeout: 30_000 });
      }
    }),
  );
  return now() - t0;
}

async function until(
  label: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 25,
): Promise<number> {
  const t0 = now();
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark step timed out: ${label}`);
    await sleep(everyMs);
  }
  return now() - t0;
}

const count = async (db: Client, sql: string, params: unknown[] = []): Promise<number> =>
  Number((await db.query(sql, params)).rows[0].n);

// ---- main -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const dataDir = path.join(os.tmpdir(), `smss-national-bench-${process.pid}`);
  const nats = await startNatsServer({ dataDir, port: await freePort() });
  const suffix = randomBytes(3).toString('hex');
  const dbNames = {
    finance: `bench_national_finance_${suffix}`,
    personnel: `bench_national_personnel_${suffix}`,
  };
  const services: ServiceProcess[] = [];
  const clients: Client[] = [];
  const nc = await connectNats(nats.url, 'bench-national');
  try {
    await ensureStreams(nc, STREAMS);
    say(`national round close — ${os.cpus().length} CPUs, private nats-server at ${nats.url}`);
    for (const name of ['finance', 'personnel'] as const)
      services.push(await startServiceProcess(name, databaseUrlFor(serverUrl, dbNames[name]), nats.url));
    const [finance, personnel] = services as [ServiceProcess, ServiceProcess];
    for (const name of ['finance', 'personnel'] as const) {
      const c = new Client({ connectionString: databaseUrlFor(serverUrl, dbNames[name]) });
      await c.connect();
      clients.push(c);
    }
    const [financeDb, personnelDb] = clients as [Client, Client];

    // 2. The directory.
    const schools = nationalSchools();
    const open = schools.filter((s) => s.status === 'OPEN').length;
    const tDirectory = now();
    const directoryPublishMs = await publishAll(
      nc,
      SchoolUpserted,
      schools.map(({ expectedStudents: _e, levelsOfSchool: _l, ...p }) => ({
        aggregateId: p.id,
        payload: p,
      })),
    );
    const replicaSql = 'SELECT count(*) AS n FROM directory_school_replica';
    await until(
      'directory replicas',
      async () =>
        (await count(financeDb, replicaSql)) === schools.length &&
        (await count(personnelDb, replicaSql)) === schools.length,
      10 * 60_000,
      100,
    );
    const directoryMs = now() - tDirectory;
    say(
      `\n1. directory: ${schools.length} schools (${open} open) published in ${seconds(directoryPublishMs)}; ` +
        `both replicas complete after ${seconds(directoryMs)}`,
    );

    // 3. The national round closes.
    const round = {
      roundId: randomUUID(),
      round: 'TERM1' as const,
      asOfDate: '2026-06-10',
      academicYear: 2569,
    };
    const snapshots = roundSnapshots(schools, round, 2569);
    const lines = snapshots.reduce((n, s) => n + s.grades.length, 0);
    let financeDoneMs = 0;
    let personnelDoneMs = 0;
    const tRound = now();
    const publishing = publishAll(
      nc,
      DmcSnapshotPublished,
      snapshots.map((p) => ({ aggregateId: p.schoolId, payload: p })),
    );
    await until(
      'national round',
      async () => {
        if (!financeDoneMs)
          financeDoneMs =
            (await count(financeDb, 'SELECT count(*) AS n FROM subsidy_allocation WHERE round_id = $1', [
              round.roundId,
            ])) === snapshots.length
              ? now() - tRound
              : 0;
        if (!personnelDoneMs)
          personnelDoneMs =
            (await count(
              personnelDb,
              'SELECT count(*) AS n FROM school_enrolment WHERE academic_year = $1 AND round = $2',
              [round.academicYear, round.round],
            )) === snapshots.length
              ? now() - tRound
              : 0;
        return financeDoneMs > 0 && personnelDoneMs > 0;
      },
      30 * 60_000,
    );
    const roundPublishMs = await publishing;
    const closeMs = Math.max(financeDoneMs, personnelDoneMs);
    const financeRate = perSecond(snapshots.length, financeDoneMs);
    const personnelRate = perSecond(snapshots.length, personnelDoneMs);
    say(
      `\n2. national round close: ${snapshots.length} snapshot events (${lines} grade rows), published in ${seconds(roundPublishMs)}`,
    );
    say(
      `   finance: every allocation committed after ${seconds(financeDoneMs)} — ${financeRate.toLocaleString('en')} events/s`,
    );
    say(
      `   personnel: every staffing norm committed after ${seconds(personnelDoneMs)} — ${personnelRate.toLocaleString('en')} events/s`,
    );
    say(`   national close (both): ${seconds(closeMs)}`);

    // Through GraphQL: province summaries (finance) and area-office rollups (personnel).
    const token = await tokenFor('obec-analyst', 'OBEC');
    const provinces = [...new Set(schools.map((s) => s.provinceCode))];
    const areas = [...new Set(schools.map((s) => s.areaOfficeCode))];
    const tQuery = now();
    const summary = await gql(
      finance.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Province { allocationSummary(fiscalYear: 2569) { schoolCount total } } } }`,
      { reps: provinces.map((code) => ({ __typename: 'Province', code })) },
      { token },
    );
    const financeQueryMs = now() - tQuery;
    if (summary.errors) throw new Error(`finance query failed: ${JSON.stringify(summary.errors)}`);
    const byProvince = summary.data._entities.map((e: any) => e.allocationSummary);
    const allocatedSchools = byProvince.reduce((n: number, s: any) => n + s.schoolCount, 0);
    const [{ total: dbTotal }] = (
      await financeDb.query('SELECT sum(total)::text AS total FROM subsidy_allocation WHERE round_id = $1', [
        round.roundId,
      ])
    ).rows;
    const tStaffing = now();
    const staffing = await gql(
      personnel.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on AreaOffice { staffing { schoolsCounted teachersRequired } } } }`,
      { reps: areas.map((code) => ({ __typename: 'AreaOffice', code })) },
      { token },
    );
    const personnelQueryMs = now() - tStaffing;
    if (staffing.errors) throw new Error(`personnel query failed: ${JSON.stringify(staffing.errors)}`);
    const counted = staffing.data._entities.reduce((n: number, e: any) => n + e.staffing.schoolsCounted, 0);
    const teachersRequired = staffing.data._entities.reduce(
      (n: number, e: any) => n + e.staffing.teachersRequired,
      0,
    );
    say(
      `   GraphQL: ${provinces.length} province summaries list ${allocatedSchools} schools (fiscal year 2569; ${seconds(financeQueryMs)}); ` +
        `${areas.length} area offices count ${counted} open schools, ${teachersRequired.toLocaleString('en')} teachers required (${seconds(personnelQueryMs)})`,
    );

    // 4. Raw JetStream consume of the same messages, ack only.
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add(STUDENTS_STREAM, {
      durable_name: 'bench-raw',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: DmcSnapshotPublished.subject,
    });
    const raw = await jetstream(nc).consumers.get(STUDENTS_STREAM, 'bench-raw');
    let seen = 0;
    const tRaw = now();
    const messages = await raw.consume({ max_messages: 1000 });
    for await (const m of messages) {
      m.ack();
      seen += 1;
      if (seen === snapshots.length) break;
    }
    const rawMs = now() - tRaw;
    await messages.close();
    const rawRate = perSecond(snapshots.length, rawMs);
    say(`\n3. raw JetStream consume (ack only), same messages: ${rawRate.toLocaleString('en')} events/s`);
    say(
      `   finance / raw: ${(financeRate / rawRate).toFixed(3)}×   personnel / raw: ${(personnelRate / rawRate).toFixed(3)}×`,
    );

    // 5. Lopburi closes a later round alone.
    const lopburi = schools.filter((s) => s.provinceCode === '16');
    const lopburiRound = {
      roundId: randomUUID(),
      round: 'TERM2' as const,
      asOfDate: '2026-11-10',
      academicYear: 2569,
    };
    const lopburiSnapshots = roundSnapshots(lopburi, lopburiRound, 16);
    const tLopburi = now();
    const lopburiPublishMs = await publishAll(
      nc,
      DmcSnapshotPublished,
      lopburiSnapshots.map((p) => ({ aggregateId: p.schoolId, payload: p })),
    );
    await until(
      'Lopburi round',
      async () =>
        (await count(financeDb, 'SELECT count(*) AS n FROM subsidy_allocation WHERE round_id = $1', [
          lopburiRound.roundId,
        ])) === lopburi.length &&
        (await count(
          personnelDb,
          'SELECT count(*) AS n FROM school_enrolment WHERE round = $1 AND academic_year = $2',
          [lopburiRound.round, lopburiRound.academicYear],
        )) === lopburi.length,
      5 * 60_000,
      10,
    );
    const lopburiMs = now() - tLopburi;
    say(
      `\n4. Lopburi (province 16, ${lopburi.length} schools): published in ${seconds(lopburiPublishMs)}; ` +
        `every allocation and staffing figure committed after ${seconds(lopburiMs)}`,
    );

    const stats = Object.fromEntries(services.map((s) => [s.name, s.stats]));
    say(`\n   consumer counters: ${JSON.stringify(stats)}`);
    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      schools: schools.length,
      openSchools: open,
      directory: { publishMs: Math.round(directoryPublishMs), replicasCompleteMs: Math.round(directoryMs) },
      nationalRound: {
        events: snapshots.length,
        gradeRows: lines,
        publishMs: Math.round(roundPublishMs),
        financeCommittedMs: Math.round(financeDoneMs),
        personnelCommittedMs: Math.round(personnelDoneMs),
        closeMs: Math.round(closeMs),
        financeEventsPerSecond: financeRate,
        personnelEventsPerSecond: personnelRate,
        rawJetStreamEventsPerSecond: rawRate,
        ratioFinanceToRaw: Number((financeRate / rawRate).toFixed(4)),
        ratioPersonnelToRaw: Number((personnelRate / rawRate).toFixed(4)),
        graphql: {
          provinceSummariesMs: Math.round(financeQueryMs),
          schoolsInSummaries: allocatedSchools,
          areaRollupsMs: Math.round(personnelQueryMs),
          openSchoolsCounted: counted,
          dbTotal,
        },
      },
      lopburi: {
        schools: lopburi.length,
        publishMs: Math.round(lopburiPublishMs),
        committedMs: Math.round(lopburiMs),
      },
      consumers: stats,
    };
    const out = path.join(REPO, 'bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'national-round-close.json'), `${JSON.stringify(result, null, 2)}\n`);
    say(`\n   written to bench-results/national-round-close.json`);
  } finally {
    for (const s of services) await s.stop().catch(() => undefined);
    for (const c of clients) await c.end().catch(() => undefined);
    await nc.close().catch(() => undefined);
    const admin = new Client({ connectionString: databaseUrlFor(serverUrl, 'postgres') });
    await admin.connect();
    for (const name of Object.values(dbNames))
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(1);
  },
);
