import { testLogger } from '@smss/testing';
import { createStudentsDomain } from '../src/modules/domain';
import { seedDemoStudents } from '../src/demo/seed';
import { seedDemoAttendance } from '../src/modules/attendance/attendance.demo';
import { startStudents, type StudentsHarness } from './support';

/*
 * The demo step: term 1 of the current academic year for the schools of area office 1601, set-based,
 * resumable per school, with a realistic pattern and a few chronic absentees.
 */

let h: StudentsHarness;
const YEAR = 2569;

beforeAll(async () => {
  h = await startStudents();
});
afterAll(() => h.stop());

const q = (sql: string, params: unknown[] = []) => h.service.dataSource.query(sql, params);

describe('the demo attendance', () => {
  let first: Awaited<ReturnType<typeof seedDemoAttendance>> | undefined;

  it('runs as a step of the demo load and fills term 1 for the schools of area office 1601 only', async () => {
    const { imports, dmc } = createStudentsDomain(h.service.dataSource);
    const lines: string[] = [];
    const result = await seedDemoStudents(h.service.dataSource, imports, dmc, testLogger(), {
      waitMs: 0,
      progress: (l) => lines.push(l),
    });
    expect(result.steps).toContain('attendance');
    const [step] = await q(`SELECT detail FROM demo_seed_step WHERE step = 'attendance'`);
    first = step.detail;
    expect(step.detail).toMatchObject({ academicYear: YEAR, term: 1, schools: 2 });
    expect(lines.some((l) => /^demo attendance: \d+ marks for 2 schools/.test(l))).toBe(true);
    const bySchool: Array<{ code: string; n: number; days: number; first: string; last: string }> = await q(
      `SELECT school_code AS code, count(*)::int AS n, count(DISTINCT attended_on)::int AS days,
              to_char(min(attended_on), 'YYYY-MM-DD') AS first, to_char(max(attended_on), 'YYYY-MM-DD') AS last
         FROM attendance_mark GROUP BY school_code ORDER BY school_code`,
    );
    expect(bySchool.map((s) => s.code)).toEqual([h.schools.a.obecCode, h.schools.b.obecCode]);
    const [{ schoolDays }] = await q(
      `SELECT count(*)::int AS "schoolDays" FROM generate_series('2026-05-16'::date, '2026-10-10'::date, interval '1 day') g
        WHERE EXTRACT(ISODOW FROM g) < 6 AND NOT EXISTS (SELECT 1 FROM school_holiday h WHERE h.holiday_on = g::date)`,
    );
    for (const s of bySchool) {
      expect(s).toMatchObject({ days: schoolDays, first: '2026-05-18', last: '2026-10-09' });
    }
    // One mark per student on the roll and school day.
    const [{ roll }] = await q(
      `SELECT count(*)::int AS roll FROM enrollment WHERE school_id = ANY($1::uuid[])`,
      [[h.schools.a.id, h.schools.b.id]],
    );
    expect(bySchool.reduce((n, s) => n + s.n, 0)).toBe(roll * schoolDays);
    // No mark on a weekend or a holiday.
    const [{ bad }] = await q(
      `SELECT count(*)::int AS bad FROM attendance_mark m
        WHERE EXTRACT(ISODOW FROM m.attended_on) >= 6 OR EXISTS (SELECT 1 FROM school_holiday h WHERE h.holiday_on = m.attended_on)`,
    );
    expect(bad).toBe(0);
  });

  it('is realistic: about 95 % attended, and the chronic absentees are listed by chronicAbsence', async () => {
    const [shares] = await q(
      `SELECT avg((status IN ('PRESENT','LATE'))::int)::float AS attended, avg((status = 'PRESENT')::int)::float AS present
         FROM attendance_mark`,
    );
    expect(shares.attended).toBeGreaterThan(0.9);
    expect(shares.attended).toBeLessThan(0.98);
    const area = await h.as('area-officer', '1601');
    const listed: string[] = [];
    for (const code of [h.schools.a.obecCode, h.schools.b.obecCode]) {
      const res = await area(
        `{ chronicAbsence(schoolCode: "${code}", asOf: "2026-10-09") { windowDays entries { student { id } consecutiveAbsences dropoutRisk } } }`,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.chronicAbsence.windowDays).toBe(30);
      for (const e of res.data.chronicAbsence.entries) listed.push(e.student.id);
    }
    const chronic: string[] = (
      await q(
        `SELECT DISTINCT student_id::text AS id FROM attendance_mark WHERE abs(hashtext(student_id::text)) % 40 = 0`,
      )
    ).map((r: { id: string }) => r.id);
    expect(chronic.length).toBeGreaterThan(0);
    for (const id of chronic) expect(listed).toContain(id);
  });

  it('publishes one daily event per school day and is resumable per school', async () => {
    const [{ events }] = await q(
      `SELECT count(*)::int AS events FROM outbox_event WHERE subject = 'students.attendance.daily.v1'`,
    );
    const [{ days }] = await q(`SELECT count(*)::int AS days FROM attendance_day`);
    expect(events).toBe(days);
    expect(days).toBeGreaterThan(150);
    // Again: nothing to do.
    const again = await seedDemoAttendance(h.service.dataSource, YEAR);
    expect(again).toMatchObject({ schools: 0, marks: 0 });
    // A school whose marks were lost (an interrupted load) is filled again, alone.
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM attendance_mark WHERE school_id = $1`, [
      h.schools.b.id,
    ]);
    await q(`DELETE FROM attendance_mark WHERE school_id = $1`, [h.schools.b.id]);
    const resumed = await seedDemoAttendance(h.service.dataSource, YEAR);
    expect(resumed).toMatchObject({ schools: 1, marks: n });
    expect(first?.marks).toBeGreaterThan(n);
  });
});
