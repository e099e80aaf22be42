import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import type { Logger } from '@smss/core';
import { csvLine } from '@smss/files';
import {
  academicYearOf,
  academicYearRange,
  demoGradesOf,
  demoSchoolGrades,
  demoSchoolRandom,
  syntheticNationalId,
} from '@smss/thai';
import type { GradeLevel } from '@smss/events';
import type { StudentImportRow } from '../modules/imports/import.rows';
import type { ImportService } from '../modules/imports/import.service';
import { STUDENT_COLUMNS, type StudentColumn } from '../modules/imports/import.parser';
import type { DmcService } from '../modules/dmc/dmc.service';
import { nationalLoad } from '../modules/imports/national-load';
import { todayInBangkok } from '../modules/registry/student.validation';
import { BOY_NAMES, GIRL_NAMES, SURNAME_PARTS } from './names';
import { seedDemoAttendance } from '../modules/attendance/attendance.demo';
import { seedDemoScreenings } from '../modules/eef/eef.demo';
import { seedDemoHealthStep } from '../modules/health/health.demo';

/** Typical age at the start of each grade (K1 at 3, P1 at 6, M1 at 12). */
const AGE: Record<GradeLevel, number> = {
  K1: 3,
  K2: 4,
  K3: 5,
  P1: 6,
  P2: 7,
  P3: 8,
  P4: 9,
  P5: 10,
  P6: 11,
  M1: 12,
  M2: 13,
  M3: 14,
  M4: 15,
  M5: 16,
  M6: 17,
};

/** Deterministic synthetic students for one school (same school code → same students). */
export function demoStudentsFor(
  schoolCode: string,
  schoolType: string,
  levels: string[],
  academicYear: number,
  idSeedBase: number,
) {
  // The size and each pupil's grade are shared with the other demo generators (@smss/thai
  // demoSchoolGrades): personnel sizes its demo staff from exactly these pupils.
  const grades = demoGradesOf(levels);
  const pupils = demoSchoolGrades(schoolCode, schoolType, levels, academicYear) as GradeLevel[];
  if (!pupils.length) return [];
  const rand = demoSchoolRandom(schoolCode, academicYear, 2);
  const size = pupils.length;
  const rows: StudentImportRow[] = [];
  const year = academicYear - 543;
  for (let i = 0; i < size; i += 1) {
    const grade = pupils[i]!;
    const male = rand() < 0.51;
    const age = AGE[grade];
    const birth = new Date(
      Date.UTC(year - age - 1, 5 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)),
    );
    const perRoom = grade.startsWith('K') ? 30 : 40;
    const r = rand();
    const stateless = rand() < 0.01;
    const seed = idSeedBase + i;
    rows.push({
      row: i + 2,
      nationalId: stateless ? null : syntheticNationalId(seed),
      gCode: stateless ? `G${String(seed).padStart(12, '0')}` : null,
      prefix: age >= 15 ? (male ? 'นาย' : 'นางสาว') : male ? 'เด็กชาย' : 'เด็กหญิง',
      firstNameTh: (male ? BOY_NAMES : GIRL_NAMES)[Math.floor(rand() * 16)]!,
      lastNameTh: SURNAME_PARTS[Math.floor(rand() * 16)]! + SURNAME_PARTS[Math.floor(rand() * 16)]!,
      gender: male ? 'MALE' : 'FEMALE',
      birthDate: birth.toISOString().slice(0, 10),
      gradeLevel: grade,
      classroom: String(1 + Math.floor(rand() * Math.max(1, Math.round(size / grades.length / perRoom)))),
      poverty: r < 0.09 ? 'EXTREMELY_POOR' : r < 0.27 ? 'POOR' : 'NONE',
      disabilityType: rand() < 0.02 ? 'บกพร่องทางการเรียนรู้' : null,
    });
  }
  return rows;
}

/**
 * First synthetic national-ID seed of a school's demo students, from its OBEC code (province digits
 * 3–4, area office 5–6, running number 7–10), so a school gets the same students whenever and in
 * whatever order it is loaded, and no two schools of the national directory share one (running
 * numbers below 500; the national demo directory's highest is 238). From 1,000 million: clear of the
 * demo staff's seeds (personnel, below 560 million); 3,000 apart, the largest demo school.
 */
export function demoIdSeedBase(obecCode: string): number {
  const province = Number(obecCode.slice(2, 4)) - 10; // province codes run 10–96
  const area = Number(obecCode.slice(4, 6)) % 64;
  const running = Number(obecCode.slice(-4)) % 500;
  return 1_000_000_000 + ((province * 64 + area) * 500 + running) * 3000;
}

/** Which schools get demo students: the Lopburi sandbox, or every open school of the replica. */
type DemoStudentsScope = 'lopburi' | 'national';

/**
 * From this many schools missing at once (the national demo's first load), the students go in through
 * the national initial load (`nationalLoad`: one generated file, COPY, validation in SQL) instead of one
 * import transaction per school: ~6 million students in minutes, not hours.
 */
const DEMO_BULK_LOAD_SCHOOLS = 1000;

type ReplicaSchool = {
  school_id: string;
  obec_code: string;
  area_office_code: string;
  province_code: string;
  school_type: string;
  levels: string[];
};

/** The steps of the demo load, in order; each is recorded in `demo_seed_step` once done. */
export const DEMO_SEED_STEPS = [
  'started',
  'students',
  'eef-screened',
  'term1-closed',
  'attendance',
  'health',
  'term2-open',
] as const;
type DemoSeedStep = (typeof DEMO_SEED_STEPS)[number];

/** One demo loader per database at a time (several replicas, or two starts racing). */
const DEMO_SEED_LOCK = `hashtext('smss.students.demo-seed')`;

export interface DemoSeedResult {
  loaded: boolean;
  /** Students written by this call (an interrupted load resumed counts only the rest). */
  students: number;
  schools: number;
  /** The steps this call completed. */
  steps: DemoSeedStep[];
}

/**
 * Demo students for the Lopburi sandbox: waits for the directory replica (fed by the schools
 * service's events), loads students for every open Lopburi school through the import path, then
 * opens and closes term 1 of the current academic year so its snapshots are published (the
 * staffing norm and the subsidy allocations follow from them), and opens term 2.
 *
 * Resumable: each step is recorded in `demo_seed_step` when done, and each is safe to repeat —
 * one transaction per school, schools that already have enrolments are passed over, a round
 * already opened or closed is not opened or closed again. A start interrupted half-way is
 * completed by the next one. A database that has students but no demo record holds other data
 * and is left alone. `progress` receives one line per step and every tenth of the schools.
 * The replica is read once no school has arrived for `quietMs`, and again after each pass, until
 * a pass finds no new school; `waitMs` bounds the wait for the first schools.
 */
export async function seedDemoStudents(
  db: DataSource,
  imports: ImportService,
  dmc: DmcService,
  logger: Logger,
  options: {
    waitMs?: number;
    quietMs?: number;
    progress?: (line: string) => void;
    /** Whether the directory replica's consumer has handled every school event published so far. */
    replicaCaughtUp?: () => Promise<boolean>;
    /** Lopburi (the default) or every open school of the directory replica (`DEMO_DATA=national`). */
    scope?: DemoStudentsScope;
    /** Schools missing at once from which the bulk path is taken (default {@link DEMO_BULK_LOAD_SCHOOLS}). */
    bulkLoadFrom?: number;
  } = {},
): Promise<DemoSeedResult> {
  const progress = options.progress ?? ((line: string) => logger.info(line));
  const nothing = (students = 0): DemoSeedResult => ({ loaded: false, students, schools: 0, steps: [] });
  const lock = db.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock(${DEMO_SEED_LOCK}) AS locked`);
    if (!locked) {
      progress('demo students: another process is loading them');
      return nothing();
    }
    try {
      const state = await db.transaction(async (m) => {
        const rows: Array<{ step: DemoSeedStep; detail: { academicYear?: number } }> = await m.query(
          `SELECT step, detail FROM demo_seed_step`,
        );
        if (rows.length)
          return {
            done: new Set(rows.map((r) => r.step)),
            detail: rows.find((r) => r.step === 'started')?.detail,
          };
        const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM student`);
        if (n > 0) return { foreign: n as number };
        const academicYear = academicYearOf(todayInBangkok());
        await m.query(`INSERT INTO demo_seed_step (step, detail) VALUES ('started', $1)`, [{ academicYear }]);
        return { done: new Set<DemoSeedStep>(['started']), detail: { academicYear }, fresh: true };
      });
      if ('foreign' in state) return nothing(state.foreign);
      if (state.done.has('term2-open')) return nothing();
      return await runDemoSteps(db, imports, dmc, logger, progress, {
        done: state.done,
        academicYear: state.detail?.academicYear ?? academicYearOf(todayInBangkok()),
        resumed: !('fresh' in state),
        waitMs: options.waitMs ?? 120_000,
        quietMs: options.quietMs ?? 3000,
        caughtUp: options.replicaCaughtUp ?? (() => Promise.resolve(true)),
        scope: options.scope ?? 'lopburi',
        bulkLoadFrom: options.bulkLoadFrom ?? DEMO_BULK_LOAD_SCHOOLS,
      });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${DEMO_SEED_LOCK})`);
    }
  } finally {
    await lock.release();
  }
}

async function runDemoSteps(
  db: DataSource,
  imports: ImportService,
  dmc: DmcService,
  logger: Logger,
  progress: (line: string) => void,
  run: {
    done: Set<DemoSeedStep>;
    academicYear: number;
    resumed: boolean;
    waitMs: number;
    quietMs: number;
    caughtUp: () => Promise<boolean>;
    scope: DemoStudentsScope;
    bulkLoadFrom: number;
  },
): Promise<DemoSeedResult> {
  const { academicYear } = run;
  const where = run.scope === 'national' ? 'open schools' : 'Lopburi schools';
  const steps: DemoSeedStep[] = [];
  const mark = async (step: DemoSeedStep, detail: Record<string, unknown> = {}) => {
    await db.query(
      `INSERT INTO demo_seed_step (step, detail) VALUES ($1, $2) ON CONFLICT (step) DO NOTHING`,
      [step, detail],
    );
    steps.push(step);
  };
  progress(
    run.resumed
      ? `demo students: resuming the interrupted load (done: ${[...run.done].join(', ')})`
      : `demo students: waiting for the ${where} in the directory replica`,
  );
  let total = 0;
  let schoolCount = 0;
  if (!run.done.has('students')) {
    let schools = await waitForReplica(db, run);
    if (!schools.length) {
      logger.warn(
        `demo students: no ${where} in the directory replica; skipped (the next start tries again)`,
      );
      return { loaded: false, students: 0, schools: 0, steps };
    }
    // The replica may still be filling: load what is there, then look again until a pass finds
    // no new school (every school must be in before term 1 closes).
    for (;;) {
      total += await loadMissingSchools(
        db,
        { imports, dmc },
        academicYear,
        schools,
        progress,
        run.bulkLoadFrom,
      );
      const now = await waitForReplica(db, { ...run, quietMs: 0 });
      if (now.length === schools.length) break;
      const more = now.length - schools.length;
      progress(`demo students: ${more} more school${more === 1 ? '' : 's'} reached the directory replica`);
      schools = now;
    }
    schoolCount = schools.length;
    await mark('students', { students: total, schools: schools.length });
  }
  const admin = {
    authenticated: true as const,
    subject: 'system:demo-seed',
    role: 'obec-admin' as const,
    level: 'OBEC' as const,
    orgCode: 'OBEC',
    scopes: [],
  };
  if (!run.done.has('eef-screened')) {
    // EEF screenings for the pupils flagged poor or extremely poor, before term 1 closes: the snapshot's
    // extremely poor (and so finance's EEF line) counts eligible screenings, not the flag.
    const screenings = await seedDemoScreenings(db, academicYear);
    await mark('eef-screened', screenings);
    progress(
      `demo students: EEF screening of ${screenings.screened} poor pupils (${screenings.eligible} eligible for the cash transfer)`,
    );
  }
  if (!run.done.has('term1-closed')) {
    const rounds = await dmc.rounds(academicYear);
    const term1 = rounds.find((r) => r.round === 'TERM1') ?? (await dmc.open(admin, academicYear, 'TERM1'));
    if (term1.status === 'OPEN') await dmc.close(admin, term1.id);
    await mark('term1-closed', { roundId: term1.id });
    progress(
      `demo students: DMC term 1 of ${academicYear} closed; its snapshots go to personnel and finance`,
    );
  }
  if (!run.done.has('attendance')) {
    // Attendance (Students II): term 1 for the demo area office, set-based; resumable per school.
    await mark('attendance', { ...(await seedDemoAttendance(db, academicYear, progress)) });
  }
  if (!run.done.has('health')) {
    // Health (Students II): two terms of synthetic weights and heights, set-based; safe to repeat.
    await mark('health', { ...(await seedDemoHealthStep(db, academicYear, progress, todayInBangkok())) });
  }
  if (!run.done.has('term2-open')) {
    const rounds = await dmc.rounds(academicYear);
    if (!rounds.some((r) => r.round === 'TERM2')) await dmc.open(admin, academicYear, 'TERM2');
    await mark('term2-open');
    progress('demo students: done (term 2 open)');
  }
  logger.info(
    { students: total, schools: schoolCount, academicYear, steps },
    'demo students loaded; term 1 closed, term 2 open',
  );
  return { loaded: true, students: total, schools: schoolCount, steps };
}

/**
 * Load the schools of `schools` that have no enrolments in the year yet, one transaction each
 * (an interrupted load keeps the schools it finished), or — from `bulkLoadFrom` schools
 * ({@link DEMO_BULK_LOAD_SCHOOLS}) — all at once through the national initial load (all or nothing). Returns the number of
 * students written.
 */
async function loadMissingSchools(
  db: DataSource,
  domain: { imports: ImportService; dmc: DmcService },
  academicYear: number,
  schools: ReplicaSchool[],
  progress: (line: string) => void,
  bulkLoadFrom: number,
): Promise<number> {
  const { start } = academicYearRange(academicYear);
  const present = new Set(
    (
      await db.query(`SELECT DISTINCT school_id FROM enrollment WHERE academic_year = $1`, [academicYear])
    ).map((r: { school_id: string }) => r.school_id),
  );
  const missing = schools.filter((s) => !present.has(s.school_id));
  if (!missing.length) return 0;
  progress(
    `demo students: loading ${missing.length} of ${schools.length} schools for academic year ${academicYear}` +
      (present.size ? ` (${schools.length - missing.length} loaded before)` : ''),
  );
  if (missing.length >= bulkLoadFrom) return bulkLoadSchools(db, domain, academicYear, missing, progress);
  let total = 0;
  let nextReport = 0.1;
  for (const [i, s] of missing.entries()) {
    const rows = demoStudentsFor(
      s.obec_code,
      s.school_type,
      s.levels,
      academicYear,
      demoIdSeedBase(s.obec_code),
    );
    await domain.imports.apply(
      {
        schoolId: s.school_id,
        schoolCode: s.obec_code,
        areaOfficeCode: s.area_office_code,
        provinceCode: s.province_code,
        status: 'OPEN',
      },
      academicYear,
      rows,
      { emitEvents: false, startedOn: start },
    );
    total += rows.length;
    const done = i + 1;
    if (done === missing.length || done / missing.length >= nextReport) {
      progress(`demo students: ${done}/${missing.length} schools, ${total} students`);
      nextReport = Math.floor((done / missing.length) * 10 + 1) / 10;
    }
  }
  return total;
}

const replicaSchools = (db: DataSource, scope: DemoStudentsScope): Promise<ReplicaSchool[]> =>
  db.query(
    `SELECT school_id, obec_code, area_office_code, province_code, school_type, levels FROM directory_school_replica
      WHERE ($1 OR province_code = '16') AND status = 'OPEN' ORDER BY obec_code`,
    [scope === 'national'],
  );

/**
 * The open schools of the scope in the directory replica, once its consumer has caught up with the
 * stream and no school has arrived for `quietMs` (or after `waitMs`, with what is there).
 */
async function waitForReplica(
  db: DataSource,
  options: { waitMs: number; quietMs: number; caughtUp: () => Promise<boolean>; scope: DemoStudentsScope },
): Promise<ReplicaSchool[]> {
  const deadline = Date.now() + options.waitMs;
  let schools = await replicaSchools(db, options.scope);
  let changedAt = Date.now();
  const settled = async () =>
    schools.length > 0 && Date.now() - changedAt >= options.quietMs && (await options.caughtUp());
  while (Date.now() < deadline && !(await settled())) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await replicaSchools(db, options.scope);
    if (now.length !== schools.length) changedAt = Date.now();
    schools = now;
  }
  return schools;
}

/** The bulk file's columns, in the order {@link demoFileLine} writes them. */
const DEMO_FILE_COLUMNS = [
  'schoolCode',
  'nationalId',
  'prefix',
  'firstNameTh',
  'lastNameTh',
  'gender',
  'birthDate',
  'gradeLevel',
  'classroom',
  'poverty',
  'disabilityType',
] as const satisfies readonly StudentColumn[];

/** Their headers: the import's own English alias of each (`national_id`, `first_name`, …). */
const DEMO_FILE_HEADER = csvLine(
  DEMO_FILE_COLUMNS.map((key) => STUDENT_COLUMNS[key].aliases.find((a) => /^[a-z_]+$/.test(a))!),
);

const demoFileLine = (schoolCode: string, r: StudentImportRow) =>
  csvLine(
    DEMO_FILE_COLUMNS.map((key) =>
      key === 'schoolCode' ? schoolCode : key === 'nationalId' ? (r.nationalId ?? r.gCode) : r[key],
    ),
  );

/**
 * The national demo's first load: the schools' demo students written to one bulk file (a temporary
 * folder, deleted afterwards) and loaded by the national initial load — the path a ministry's first
 * load takes — with the academic year's first day as every enrolment's start, so term 1's round counts
 * them. All or nothing: an interrupted load leaves the registry as it was and the next start redoes it.
 * Demo rows are valid by construction, so any rejected row is a defect and fails the step.
 */
async function bulkLoadSchools(
  db: DataSource,
  domain: { imports: ImportService; dmc: DmcService },
  academicYear: number,
  schools: ReplicaSchool[],
  progress: (line: string) => void,
): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'smss-demo-students-'));
  try {
    const file = path.join(dir, 'demo-students.csv');
    // A school's rows at a time; `pipeline` waits for the disk and fails on a write error (a full disk).
    async function* lines() {
      yield DEMO_FILE_HEADER + '\n';
      let rows = 0;
      let nextReport = 0.1;
      for (const [i, s] of schools.entries()) {
        let chunk = '';
        for (const r of demoStudentsFor(
          s.obec_code,
          s.school_type,
          s.levels,
          academicYear,
          demoIdSeedBase(s.obec_code),
        )) {
          chunk += demoFileLine(s.obec_code, r) + '\n';
          rows += 1;
        }
        yield chunk;
        if ((i + 1) / schools.length >= nextReport) {
          progress(
            `demo students: ${i + 1}/${schools.length} schools written to the bulk file, ${rows} students`,
          );
          nextReport = Math.floor(((i + 1) / schools.length) * 10 + 1) / 10;
        }
      }
    }
    await pipeline(Readable.from(lines()), createWriteStream(file, { highWaterMark: 1 << 20 }));
    const { start } = academicYearRange(academicYear);
    const report = await nationalLoad(db, domain, {
      file,
      academicYear,
      startedOn: start,
      keepErrors: 5,
      onPhase: (phase, seconds) =>
        progress(`demo students: national load ${phase} after ${seconds.toFixed(0)} s`),
    });
    if (report.errorCount)
      throw new Error(
        `the demo bulk file had ${report.errorCount} rejected rows, e.g. ${report.errors
          .map((e) => `row ${e.row} ${e.column}: ${e.messageEn}`)
          .join('; ')}`,
      );
    progress(
      `demo students: ${report.inserted} students of ${schools.length} schools loaded in ${report.seconds.toFixed(0)} s`,
    );
    return report.inserted;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
