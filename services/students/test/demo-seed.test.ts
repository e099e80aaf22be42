// The demo load (DEMO_DATA) against real PostgreSQL: an interrupted first start is completed by
// the next one, each school loaded once; data that is not the demo's is left alone.
import { randomUUID } from 'node:crypto';
import { applySchoolToReplica } from '@smss/events';
import {
  academicYearOf,
  academicYearRange,
  demoSchoolEnrolment,
  MAX_SYNTHETIC_NATIONAL_ID_SEED,
} from '@smss/thai';
import { createStudentsDomain } from '../src/modules/domain';
import type { ImportService } from '../src/modules/imports/import.service';
import { demoIdSeedBase, demoStudentsFor, seedDemoStudents } from '../src/demo/seed';
import { todayInBangkok } from '../src/modules/registry/student.validation';
import { testLogger } from '@smss/testing';
import { startStudents, type StudentsHarness } from './support';

let h: StudentsHarness;

beforeEach(async () => {
  h = await startStudents();
});
afterEach(async () => {
  await h.stop();
});

const year = () => academicYearOf(todayInBangkok());

/** What the demo should hold per school: the size of its deterministic student list. */
async function expectedPerSchool(scope: 'lopburi' | 'national' = 'lopburi'): Promise<Map<string, number>> {
  const replica: Array<{ school_id: string; obec_code: string; school_type: string; levels: string[] }> =
    await h.service.dataSource.query(
      `SELECT school_id, obec_code, school_type, levels FROM directory_school_replica
        WHERE ($1 OR province_code = '16') AND status = 'OPEN' ORDER BY obec_code`,
      [scope === 'national'],
    );
  return new Map(
    replica.map((s) => {
      const rows = demoStudentsFor(s.obec_code, s.school_type, s.levels, year(), demoIdSeedBase(s.obec_code));
      // The shared enrolment the personnel demo staffs the school for is what the demo loads.
      const byGrade = new Map<string, number>();
      for (const r of rows) byGrade.set(r.gradeLevel, (byGrade.get(r.gradeLevel) ?? 0) + 1);
      const shared = demoSchoolEnrolment(s.obec_code, s.school_type, s.levels, year());
      expect(shared.students).toBe(rows.length);
      expect(new Map(shared.grades.map((g) => [g.gradeLevel, g.students]))).toEqual(byGrade);
      return [s.school_id, rows.length];
    }),
  );
}

async function enrolmentsPerSchool(): Promise<Map<string, number>> {
  const rows: Array<{ school_id: string; n: number }> = await h.service.dataSource.query(
    `SELECT school_id, count(*)::int AS n FROM enrollment WHERE academic_year = $1 GROUP BY school_id`,
    [year()],
  );
  return new Map(rows.map((r) => [r.school_id, r.n]));
}

const rounds = async () =>
  (
    await h.service.dataSource.query(
      `SELECT round, status FROM dmc_round WHERE academic_year = $1 ORDER BY round`,
      [year()],
    )
  ).map((r: { round: string; status: string }) => `${r.round} ${r.status}`);

const snapshotEvents = async () =>
  (
    await h.service.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE subject LIKE 'students.dmc-snapshot.published.v1%'`,
    )
  )[0].n as number;

describe('the demo students load', () => {
  it('is completed by the next start after an interruption, loading each school once', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    let calls = 0;
    // The first start is stopped (Ctrl-C) after two schools.
    const interrupted = {
      apply: (...args: Parameters<ImportService['apply']>) => {
        calls += 1;
        if (calls > 2) return Promise.reject(new Error('stopped by Ctrl-C'));
        return imports.apply(...args);
      },
    } as unknown as ImportService;
    const lines: string[] = [];
    await expect(
      seedDemoStudents(h.service.dataSource, interrupted, dmc, testLogger(), {
        waitMs: 0,
        progress: (l) => lines.push(l),
      }),
    ).rejects.toThrow('stopped by Ctrl-C');
    expect((await enrolmentsPerSchool()).size).toBe(2);
    expect(await rounds()).toEqual([]);

    const resumed = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), {
      waitMs: 0,
      progress: (l) => lines.push(l),
    });
    expect(resumed.loaded).toBe(true);
    expect(resumed.steps).toEqual([
      'students',
      'eef-screened',
      'term1-closed',
      'attendance',
      'health',
      'term2-open',
    ]);
    // Every pupil flagged poor or extremely poor is screened before term 1 closes; the extremely poor
    // are the eligible ones (the snapshot's count, and finance's EEF line, come from the screening).
    const [screened] = await h.service.dataSource.query(
      `SELECT (SELECT count(*)::int FROM student WHERE poverty IN ('POOR', 'EXTREMELY_POOR')) AS flagged,
              (SELECT count(*)::int FROM eef_screening) AS screened,
              (SELECT count(*)::int FROM student WHERE poverty = 'EXTREMELY_POOR') AS "extremelyPoor",
              (SELECT count(*)::int FROM eef_screening WHERE eligible) AS eligible`,
    );
    expect(screened.screened).toBe(screened.flagged);
    expect(screened.eligible).toBe(screened.extremelyPoor);
    expect(screened.eligible).toBeGreaterThan(0);
    const expected = await expectedPerSchool();
    expect(expected.size).toBe(4);
    expect(await enrolmentsPerSchool()).toEqual(expected);
    expect(await rounds()).toEqual(['TERM1 CLOSED', 'TERM2 OPEN']);
    expect(await snapshotEvents()).toBe(4); // one per school, published once
    expect(lines.some((l) => l.startsWith('demo students: resuming the interrupted load'))).toBe(true);
    expect(lines.some((l) => /loading 2 of 4 schools .*\(2 loaded before\)/.test(l))).toBe(true);

    // A later start finds the load complete and changes nothing.
    const again = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), { waitMs: 0 });
    expect(again).toMatchObject({ loaded: false, steps: [] });
    expect(await enrolmentsPerSchool()).toEqual(expected);
    expect(await snapshotEvents()).toBe(4);
  });

  it('resumes after the students when the round was not closed yet', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const failingRounds = Object.create(dmc) as typeof dmc;
    failingRounds.close = () => Promise.reject(new Error('stopped by Ctrl-C'));
    await expect(
      seedDemoStudents(h.service.dataSource, imports, failingRounds, testLogger(), { waitMs: 0 }),
    ).rejects.toThrow('stopped by Ctrl-C');
    expect(await rounds()).toEqual(['TERM1 OPEN']);
    const resumed = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), { waitMs: 0 });
    // The screenings were done before the round close failed: the resumed load starts at the close.
    expect(resumed.steps).toEqual(['term1-closed', 'attendance', 'health', 'term2-open']);
    expect(await rounds()).toEqual(['TERM1 CLOSED', 'TERM2 OPEN']);
    expect(await enrolmentsPerSchool()).toEqual(await expectedPerSchool());
  });

  it('loads a school that reaches the directory replica while the others load, before term 1 closes', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const late = randomUUID();
    let arrived = false;
    const arriving = {
      apply: async (...args: Parameters<ImportService['apply']>) => {
        if (!arrived) {
          arrived = true;
          await h.service.dataSource.transaction((m) =>
            applySchoolToReplica(
              m,
              {
                id: late,
                obecCode: '1016010099',
                nameTh: 'โรงเรียนมาช้า',
                areaOfficeCode: '1601',
                provinceCode: '16',
                districtCode: '1601',
                status: 'OPEN',
                schoolType: 'PRIMARY',
                levels: ['PRIMARY'],
                version: 1,
              },
              new Date().toISOString(),
            ),
          );
        }
        return imports.apply(...args);
      },
    } as unknown as ImportService;
    const lines: string[] = [];
    const result = await seedDemoStudents(h.service.dataSource, arriving, dmc, testLogger(), {
      waitMs: 0,
      progress: (l) => lines.push(l),
    });
    expect(result.schools).toBe(5);
    expect((await enrolmentsPerSchool()).get(late)).toBeGreaterThan(0);
    expect(await enrolmentsPerSchool()).toEqual(await expectedPerSchool());
    expect(await snapshotEvents()).toBe(5);
    expect(lines).toContain('demo students: 1 more school reached the directory replica');
  });

  it('waits until the directory replica has caught up with the stream, however quiet it looks', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const late = randomUUID();
    let asked = 0;
    // The replica's consumer is behind (a redelivery after the ack wait): one school still to come.
    const replicaCaughtUp = async () => {
      asked += 1;
      if (asked === 1) return false;
      if (asked === 2) {
        await h.service.dataSource.transaction((m) =>
          applySchoolToReplica(
            m,
            {
              id: late,
              obecCode: '1016010098',
              nameTh: 'โรงเรียนรอคิว',
              areaOfficeCode: '1601',
              provinceCode: '16',
              districtCode: '1601',
              status: 'OPEN',
              schoolType: 'PRIMARY',
              levels: ['PRIMARY'],
              version: 1,
            },
            new Date().toISOString(),
          ),
        );
        return false;
      }
      return true;
    };
    const result = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), {
      waitMs: 30_000,
      quietMs: 0,
      replicaCaughtUp,
    });
    expect(result.schools).toBe(5);
    expect((await enrolmentsPerSchool()).get(late)).toBeGreaterThan(0);
  });

  it('leaves a database that holds students but no demo record alone', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const school = h.schools.a;
    await imports.apply(
      {
        schoolId: school.id,
        schoolCode: school.obecCode,
        areaOfficeCode: school.areaOfficeCode,
        provinceCode: '16',
        status: 'OPEN',
      },
      year(),
      demoStudentsFor(school.obecCode, school.schoolType, school.levels, year(), 900_000).slice(0, 3),
      { emitEvents: false },
    );
    const result = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), { waitMs: 0 });
    expect(result).toMatchObject({ loaded: false, students: 3 });
    expect(await enrolmentsPerSchool()).toEqual(new Map([[school.id, 3]]));
    expect(await rounds()).toEqual([]);
    expect((await h.service.dataSource.query(`SELECT step FROM demo_seed_step`)).length).toBe(0);
  });

  it('loads every open school of the country through the national initial load (DEMO_DATA=national)', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    // Three schools of Nakhon Ratchasima (30) beside the harness's Lopburi ones; one of them closed.
    const others = [
      { obecCode: '1030010001', schoolType: 'PRIMARY', levels: ['PRE_PRIMARY', 'PRIMARY'], status: 'OPEN' },
      {
        obecCode: '1030500002',
        schoolType: 'SECONDARY',
        levels: ['LOWER_SECONDARY', 'UPPER_SECONDARY'],
        status: 'OPEN',
      },
      { obecCode: '1030010003', schoolType: 'PRIMARY', levels: ['PRIMARY'], status: 'CLOSED' },
    ];
    await h.service.dataSource.transaction(async (m) => {
      for (const o of others)
        await applySchoolToReplica(
          m,
          {
            id: randomUUID(),
            obecCode: o.obecCode,
            nameTh: `โรงเรียนโคราช ${o.obecCode.slice(-4)}`,
            areaOfficeCode: o.obecCode.slice(2, 6),
            provinceCode: '30',
            districtCode: '3001',
            status: o.status as 'OPEN',
            schoolType: o.schoolType,
            levels: o.levels,
            version: 1,
          },
          new Date().toISOString(),
        );
    });
    const lines: string[] = [];
    const result = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), {
      waitMs: 0,
      scope: 'national',
      bulkLoadFrom: 2,
      progress: (l) => lines.push(l),
    });
    const expected = await expectedPerSchool('national');
    expect(expected.size).toBe(6);
    expect(result).toMatchObject({ loaded: true, schools: 6 });
    expect(result.students).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect(await enrolmentsPerSchool()).toEqual(expected);
    expect(lines.some((l) => /^demo students: national load swapped after \d+ s$/.test(l))).toBe(true);
    // Row for row what the generator gives (the bulk file and the SQL validator changed nothing), every
    // enrolment from the first day of the year, so term 1's snapshots count every pupil.
    const stored: Array<Record<string, string | null>> = await h.service.dataSource.query(
      `SELECT e.school_code, coalesce(s.national_id, s.g_code) AS id, s.prefix, s.first_name_th, s.last_name_th, s.gender,
              s.birth_date::text AS birth, e.grade_level, e.classroom, s.poverty, s.disability_type,
              e.started_on::text AS started
         FROM student s JOIN enrollment e ON e.student_id = s.id ORDER BY 1, 2`,
    );
    const replica: Array<{ obec_code: string; school_type: string; levels: string[] }> =
      await h.service.dataSource.query(
        `SELECT obec_code, school_type, levels FROM directory_school_replica WHERE status = 'OPEN'`,
      );
    const generated = replica
      .flatMap((s) =>
        demoStudentsFor(s.obec_code, s.school_type, s.levels, year(), demoIdSeedBase(s.obec_code)).map(
          (r) => ({
            school_code: s.obec_code,
            id: r.nationalId ?? r.gCode,
            prefix: r.prefix,
            first_name_th: r.firstNameTh,
            last_name_th: r.lastNameTh,
            gender: r.gender,
            birth: r.birthDate,
            grade_level: r.gradeLevel,
            classroom: r.classroom,
            poverty: r.poverty,
            disability_type: r.disabilityType,
            started: academicYearRange(year()).start,
          }),
        ),
      )
      .sort((a, b) => (a.school_code + a.id < b.school_code + b.id ? -1 : 1));
    expect(stored).toEqual(generated);
    expect(await rounds()).toEqual(['TERM1 CLOSED', 'TERM2 OPEN']);
    expect(await snapshotEvents()).toBe(6);
  });

  it('gives no two schools of the national directory the same national IDs', () => {
    // Every province (10–96), the area digits the directory uses (01–08 primary, 50–51 secondary), running 1–499.
    const bases = new Set<number>();
    for (let province = 10; province <= 96; province += 1)
      for (const area of [1, 2, 3, 4, 5, 6, 7, 8, 50, 51])
        for (let running = 1; running < 500; running += 1)
          bases.add(
            demoIdSeedBase(
              `10${province}${String(area).padStart(2, '0')}${String(running).padStart(4, '0')}`,
            ),
          );
    expect(bases.size).toBe(87 * 10 * 499);
    // 3,000 apart (the largest demo school), inside the synthetic seed range, clear of the demo staff's (< 560 M).
    const sorted = [...bases].sort((a, b) => a - b);
    expect(sorted.every((b, i) => i === 0 || b - sorted[i - 1]! >= 3000)).toBe(true);
    expect(sorted[0]).toBeGreaterThanOrEqual(560_000_000);
    expect(sorted.at(-1)! + 2999).toBeLessThanOrEqual(MAX_SYNTHETIC_NATIONAL_ID_SEED);
  });

  it('runs once when two starts load at the same time', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const results = await Promise.all([
      seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), { waitMs: 0 }),
      seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), { waitMs: 0 }),
    ]);
    expect(results.map((r) => r.loaded).sort()).toEqual([false, true]);
    expect(await enrolmentsPerSchool()).toEqual(await expectedPerSchool());
    expect(await rounds()).toEqual(['TERM1 CLOSED', 'TERM2 OPEN']);
  });
});
