import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { toThaiDigits } from '@smss/thai';
import { bulkImport } from '../src/cli/bulk-import';
import { REGISTER, nextNationalId, registerInput, startStudents, type StudentsHarness } from './support';

let h: StudentsHarness;
let dir: string;
let admin: Awaited<ReturnType<StudentsHarness['as']>>;

beforeAll(async () => {
  h = await startStudents();
  admin = await h.as('obec-admin', 'OBEC');
  dir = mkdtempSync(path.join(os.tmpdir(), 'smss-bulk-import-'));
});
afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'รหัสโรงเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเดือนปีเกิด,ชั้น,ห้อง';
const row = (school: string, nationalId: string, rest = 'เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,1') =>
  `${school},${nationalId},${rest}`;
let files = 0;
const fileOf = (lines: string[]) => {
  const file = path.join(dir, `bulk-${(files += 1)}.csv`);
  writeFileSync(file, [HEADER, ...lines].join('\n') + '\n');
  return file;
};
const load = (file: string, initial: boolean, extra: Partial<Parameters<typeof bulkImport>[0]> = {}) =>
  bulkImport({ file, academicYear: 2569, databaseUrl: h.db.url, initial, keepErrors: Infinity, ...extra });
const q = (sql: string, params: unknown[] = []) => h.service.dataSource.query(sql, params);

/** Everything that makes the registry's tables what they are: columns, indexes, constraints (incl. others' FKs). */
const schemaOf = async () => ({
  columns: await q(
    `SELECT table_name, column_name, data_type, collation_name, is_nullable, column_default, generation_expression
       FROM information_schema.columns WHERE table_name IN ('student', 'enrollment') ORDER BY 1, 2`,
  ),
  indexes: await q(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN ('student', 'enrollment') ORDER BY 2`,
  ),
  constraints: await q(
    `SELECT conrelid::regclass::text AS on, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid IN ('student'::regclass, 'enrollment'::regclass) OR confrelid IN ('student'::regclass, 'enrollment'::regclass)
      ORDER BY 1, 2`,
  ),
});
const registryRows = async () => ({
  students: await q(`SELECT * FROM student ORDER BY id`),
  enrollments: await q(`SELECT * FROM enrollment ORDER BY id`),
  conflicts: await q(`SELECT * FROM enrollment_conflict ORDER BY id`),
});
const leftovers = async () =>
  (
    await q(
      `SELECT relname FROM pg_class WHERE relkind = 'r' AND (relname LIKE '%\\_load' OR relname LIKE 'load\\_%') ORDER BY 1`,
    )
  ).map((r: { relname: string }) => r.relname);
const enrolmentOf = async (nationalId: string) =>
  (
    await q(
      `SELECT e.school_code, e.grade_level, e.classroom, e.status, s.first_name_th FROM student s
         JOIN enrollment e ON e.student_id = s.id WHERE s.identity = $1 ORDER BY e.started_on, e.created_at`,
      [nationalId],
    )
  ).map((r: Record<string, string>) => ({ ...r }));

describe('the incremental bulk path (an area’s or a school’s file)', () => {
  it('reports a duplicate national ID as a row error against its first row instead of aborting the file', async () => {
    const [a, b, dup] = [nextNationalId(), nextNationalId(), nextNationalId()];
    const { obecCode } = h.schools.a;
    const report = await load(
      fileOf([
        row(obecCode, dup),
        row(obecCode, a),
        row(obecCode, dup, 'เด็กชาย,ภาคิน,บุญมา,ชาย,04/03/2560,ป.4,2'),
        row(obecCode, b),
      ]),
      false,
    );
    expect(report).toMatchObject({ rowsRead: 4, inserted: 3, updated: 0, conflicts: 0 });
    expect(report.errors).toEqual([
      { row: 4, column: 'เลขประจำตัวประชาชน', messageEn: 'duplicate of row 2', messageTh: 'ซ้ำกับแถวที่ 2' },
    ]);
    expect(await enrolmentOf(dup)).toEqual([
      { school_code: obecCode, grade_level: 'P3', classroom: '1', status: 'ACTIVE', first_name_th: 'ธนากร' },
    ]);
  });

  it('accepts Thai digits in IDs, school codes, dates and classrooms, and quoted values, the school code among them', async () => {
    const [a, b] = [nextNationalId(), nextNationalId()];
    const report = await load(
      fileOf([
        `${toThaiDigits(h.schools.b.obecCode)},${toThaiDigits(a)},เด็กหญิง,พิมพ์ชนก,แก้วดี,หญิง,${toThaiDigits('09/08/2560')},ป.${toThaiDigits('3')},${toThaiDigits('2')}`,
        `"${h.schools.b.obecCode}","${b}","เด็กชาย","ภาคิน","บุญ""มา",ชาย,2017-08-09,"ป.3","1"`,
        `"${h.schools.b.obecCode}","${nextNationalId()}","เด็กชาย","ภาคิน","บุญมา
ใหม่",ชาย,2017-08-09,"ป.3","1"`,
      ]),
      false,
    );
    expect(report).toMatchObject({ rowsRead: 3, inserted: 1 });
    // A quoted value over two lines is one record, reported at its first line.
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'นามสกุล'],
      [4, 'นามสกุล'],
    ]);
    expect(await enrolmentOf(a)).toEqual([
      {
        school_code: h.schools.b.obecCode,
        grade_level: 'P3',
        classroom: '2',
        status: 'ACTIVE',
        first_name_th: 'พิมพ์ชนก',
      },
    ]);
    const [born] = await q(`SELECT to_char(birth_date, 'YYYY-MM-DD') AS d FROM student WHERE identity = $1`, [
      a,
    ]);
    expect(born.d).toBe('2017-08-09');
  });

  it('never overwrites a child of another school: a row error naming no school, recorded for both area offices', async () => {
    const inC = registerInput(h.schools.c.obecCode, { gradeLevel: 'P5', birthDate: '2015-05-05' });
    await admin(REGISTER, { i: inC });
    const before = await enrolmentOf(inC.nationalId);
    const report = await load(
      fileOf([row(h.schools.a.obecCode, inC.nationalId, 'เด็กชาย,เปลี่ยนชื่อ,สุขใจ,ชาย,05/05/2558,ป.5,3')]),
      false,
    );
    expect(report).toMatchObject({ inserted: 0, updated: 0, conflicts: 1 });
    expect(report.errors).toEqual([
      expect.objectContaining({ row: 2, messageEn: expect.stringMatching(/belongs to another school/) }),
    ]);
    expect(JSON.stringify(report)).not.toContain(h.schools.c.obecCode);
    expect(await enrolmentOf(inC.nationalId)).toEqual(before);
    expect(
      await q(
        `SELECT c.importing_area_office_code AS importing, c.enrolled_area_office_code AS enrolled FROM enrollment_conflict c
           JOIN student s ON s.id = c.student_id WHERE s.identity = $1`,
        [inC.nationalId],
      ),
    ).toEqual([{ importing: '1601', enrolled: '1602' }]);
  });

  it('changes nothing when the same file is loaded again, and writes only what changed the time after', async () => {
    const ids = Array.from({ length: 50 }, () => nextNationalId());
    const lines = ids.map((n) => row(h.schools.a.obecCode, n));
    expect(await load(fileOf(lines), false)).toMatchObject({ inserted: 50, updated: 0, unchanged: 0 });
    const snapshot = await registryRows();
    expect(await load(fileOf(lines), false)).toMatchObject({ inserted: 0, updated: 0, unchanged: 50 });
    expect(await registryRows()).toEqual(snapshot);
    lines[7] = row(h.schools.a.obecCode, ids[7]!, 'เด็กชาย,ธนากร,ศรีทอง,ชาย,04/03/2560,ป.3,2');
    expect(await load(fileOf(lines), false)).toMatchObject({ inserted: 0, updated: 1, unchanged: 49 });
  });
});

describe('the national initial load', () => {
  it('builds new tables beside the live ones and swaps them in: same schema, existing rows kept, ownership held, duplicates and bad rows reported', async () => {
    // Already registered before the load: a child at school C, one at school A, one released by C towards A.
    const inC = registerInput(h.schools.c.obecCode, { gradeLevel: 'P5', birthDate: '2015-05-05' });
    const inA = registerInput(h.schools.a.obecCode, { gradeLevel: 'P3' });
    const released = registerInput(h.schools.c.obecCode, { gradeLevel: 'P4', birthDate: '2016-04-04' });
    for (const input of [inC, inA, released])
      expect((await admin(REGISTER, { i: input })).errors).toBeUndefined();
    const schoolC = await h.as('school-staff', h.schools.c.obecCode);
    const [releasedRow] = await q(`SELECT id FROM student WHERE identity = $1`, [released.nationalId]);
    await schoolC(`mutation($i: ReleaseStudentInput!) { releaseStudent(input: $i) { id } }`, {
      i: { studentId: releasedRow.id, toSchoolCode: h.schools.a.obecCode, releasedOn: '2026-09-01' },
    });
    const schemaBefore = await schemaOf();
    const before = await registryRows();
    const inCBefore = await enrolmentOf(inC.nationalId);

    const fresh = Array.from({ length: 40 }, () => nextNationalId());
    const schools = [h.schools.a, h.schools.b, h.schools.c, h.schools.s];
    const lines = fresh.map((n, i) =>
      row(schools[i % 4]!.obecCode, n, i % 4 === 3 ? 'นาย,ธนากร,ศรีทอง,ชาย,04/03/2553,ม.1,1' : undefined),
    );
    lines.push(
      row(h.schools.b.obecCode, fresh[0]!, 'เด็กหญิง,ซ้ำ,ซ้ำ,หญิง,04/03/2560,ป.3,1'), // line 42: duplicate of line 2
      row(h.schools.a.obecCode, '1101700123459'), // line 43: bad check digit
      row('1099999999', nextNationalId()), // line 44: no such school
      row(h.schools.a.obecCode, inC.nationalId, 'เด็กชาย,เปลี่ยนชื่อ,สุขใจ,ชาย,05/05/2558,ป.5,1'), // 45: C's child
      row(h.schools.a.obecCode, inA.nationalId, 'เด็กชาย,ธนากร,ศรีทอง,ชาย,2017-03-04,ป.3,4'), // 46: A's own, new room
      row(h.schools.a.obecCode, released.nationalId, 'เด็กชาย,ธนากร,ศรีทอง,ชาย,04/04/2559,ป.4,1'), // 47
    );
    const errorsFile = path.join(dir, 'national.errors.csv');
    const phases: string[] = [];
    const report = await load(fileOf(lines), true, { errorsFile, onPhase: (p) => void phases.push(p) });
    expect(phases).toEqual(['copied', 'loaded', 'deduplicated', 'indexed', 'swapped']);
    expect(report).toMatchObject({
      rowsRead: 46,
      inserted: 40,
      updated: 1,
      unchanged: 0,
      conflicts: 2,
      errorCount: 5,
    });
    expect(report.errors.map((e) => [e.row, e.column, e.messageEn])).toEqual([
      [42, 'เลขประจำตัวประชาชน', 'duplicate of row 2'],
      [43, 'เลขประจำตัวประชาชน', expect.stringMatching(/check digit/)],
      [44, 'รหัสโรงเรียน', 'unknown school 1099999999'],
      [45, 'nationalId', expect.stringMatching(/belongs to another school/)],
      [47, 'nationalId', expect.stringMatching(/accept the transfer/)],
    ]);
    expect(JSON.stringify(report)).not.toContain(h.schools.c.obecCode);
    expect(readFileSync(errorsFile, 'utf8').trim().split('\n')).toHaveLength(6);

    // The same schema under the same names, the foreign keys of transfers and conflicts pointing at the new tables.
    expect(await schemaOf()).toEqual(schemaBefore);
    expect(await leftovers()).toEqual([]);
    // Every row that was there is still there, unchanged but for A's own child's new classroom.
    const after = await registryRows();
    const byId = new Map(after.students.map((s: { id: string }) => [s.id, s]));
    for (const s of before.students) expect(byId.get(s.id)).toEqual(s);
    expect(after.students).toHaveLength(before.students.length + 40);
    expect(await enrolmentOf(inC.nationalId)).toEqual(inCBefore);
    expect((await enrolmentOf(inA.nationalId)).map((e: { classroom: string }) => e.classroom)).toEqual(['4']);
    expect(after.conflicts.length).toBe(before.conflicts.length + 1);
    expect(await enrolmentOf(fresh[0]!)).toEqual([
      {
        school_code: h.schools.a.obecCode,
        grade_level: 'P3',
        classroom: '1',
        status: 'ACTIVE',
        first_name_th: 'ธนากร',
      },
    ]);
    // New keys are time-ordered UUIDv7 and the constraints hold on the swapped tables.
    const [{ v7 }] = await q(
      `SELECT bool_and(substr(s.id::text, 15, 1) = '7') AS v7 FROM student s WHERE s.identity = ANY($1::text[])`,
      [fresh],
    );
    expect(v7).toBe(true);
    const again = await admin(REGISTER, { i: { ...inA, schoolCode: h.schools.b.obecCode } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // The running service reads the new tables through its own connections.
    const list = await admin(
      `query($id: ID!) { _entities(representations: [{ __typename: "School", id: $id }]) {
         ... on School { students(filter: { academicYear: 2569 }) { totalCount } } } }`,
      { id: h.schools.s.id },
    );
    expect(list.errors).toBeUndefined();
    expect(list.data._entities[0].students.totalCount).toBe(10);
  });

  it('loads a file with a header and no rows without changing anything', async () => {
    const schemaBefore = await schemaOf();
    const before = await registryRows();
    expect(await load(fileOf([]), true)).toMatchObject({ rowsRead: 0, inserted: 0, errorCount: 0 });
    expect(await schemaOf()).toEqual(schemaBefore);
    expect(await registryRows()).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });

  it('leaves the live tables exactly as they were when the load is interrupted, and the next load cleans up and completes', async () => {
    const schemaBefore = await schemaOf();
    const before = await registryRows();
    const lines = Array.from({ length: 30 }, () => row(h.schools.b.obecCode, nextNationalId()));
    const file = fileOf(lines);
    // The loader's connections are cut (as when the machine goes down) once the new tables are indexed.
    const cut = new Client({ connectionString: h.db.url });
    await cut.connect();
    await expect(
      load(file, true, {
        onPhase: async (p) => {
          if (p === 'indexed')
            await cut.query(
              `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = 'smss-bulk-import' AND datname = current_database()`,
            );
        },
      }),
    ).rejects.toThrow();
    await cut.end();
    expect(await schemaOf()).toEqual(schemaBefore);
    expect(await registryRows()).toEqual(before);
    // A load that failed in its own code cleans up after itself.
    await expect(
      load(file, true, {
        onPhase: (p) => {
          if (p === 'loaded') throw new Error('stopped');
        },
      }),
    ).rejects.toThrow('stopped');
    expect(await leftovers()).toEqual([]);
    expect(await registryRows()).toEqual(before);
    // A crashed load's leftovers (nobody cleaned up) do not stop the next one.
    await q(`CREATE TABLE student_load (id int)`);
    await q(`CREATE UNLOGGED TABLE load_raw_0 (n int)`);
    const report = await load(file, true);
    expect(report).toMatchObject({ rowsRead: 30, inserted: 30, errorCount: 0 });
    expect(await leftovers()).toEqual([]);
    expect(await schemaOf()).toEqual(schemaBefore);
    expect((await registryRows()).students).toHaveLength(before.students.length + 30);
  });
});
