import type { DataSource } from 'typeorm';
import { AttendanceDaily, enqueueEvents } from '@smss/events';
import { todayInBangkok } from '@smss/thai';
import { dayStatuses, isSchoolDay, onRoll } from './attendance.sql';

/**
 * The area offices whose schools get demo attendance. Measured on the 2-core machine: area 1601's term
 * (21,026 demo students, 2.1 M marks) in ~20 s; all of Lopburi (73,115 students, ~7.3 M marks) would take
 * ~70 s, over the ~30 s a demo start may spend on it, so the demo fills one area office (สพป.ลพบุรี เขต 1).
 */
export const DEMO_ATTENDANCE_AREAS = ['1601'] as const;

export interface DemoAttendanceResult {
  academicYear: number;
  term: 1;
  schools: number;
  marks: number;
  ms: number;
}

/**
 * Synthetic attendance for term 1 of `academicYear` (up to yesterday when the term is still running)
 * for the open demo schools of `areas`, written set-based: one INSERT … SELECT over the roll and
 * `generate_series` of school days per school, one transaction per school (resumable: a school that has
 * marks in the term already is passed over). Pattern, deterministic per student and day: ~94 % present,
 * ~2.5 % late, ~2 % absent, ~1.5 % leave; one student in 40 is a chronic absentee (≈ 35 % absent) who
 * misses the last five school days in a row, so `chronicAbsence` has entries. Each school day gets its
 * `students.attendance.daily.v1` event.
 */
export async function seedDemoAttendance(
  db: DataSource,
  academicYear: number,
  progress: (line: string) => void = () => {},
  areas: readonly string[] = DEMO_ATTENDANCE_AREAS,
): Promise<DemoAttendanceResult> {
  const started = Date.now();
  const [term] = await db.query(
    `SELECT to_char(starts_on, 'YYYY-MM-DD') AS first,
            to_char(LEAST(ends_on, $2::date - 1), 'YYYY-MM-DD') AS last
       FROM school_term WHERE academic_year = $1 AND term = 1`,
    [academicYear, todayInBangkok()],
  );
  const result: DemoAttendanceResult = { academicYear, term: 1, schools: 0, marks: 0, ms: 0 };
  if (!term || term.last < term.first) {
    progress(`demo attendance: term 1 of ${academicYear} has no past school day; skipped`);
    return result;
  }
  // The demo load has just filled the roll: fresh statistics, or the planner may take it for empty.
  await db.query(`ANALYZE student, enrollment, school_term, school_holiday`);
  const schools: Array<{
    schoolId: string;
    schoolCode: string;
    areaOfficeCode: string;
    provinceCode: string;
  }> = await db.query(
    `SELECT r.school_id AS "schoolId", r.obec_code AS "schoolCode", r.area_office_code AS "areaOfficeCode",
              r.province_code AS "provinceCode"
         FROM directory_school_replica r
        WHERE r.province_code = '16' AND r.status = 'OPEN' AND r.area_office_code = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM attendance_mark m
                           WHERE m.school_id = r.school_id AND m.attended_on BETWEEN $2 AND $3)
        ORDER BY r.obec_code`,
    [areas, term.first, term.last],
  );
  progress(
    `demo attendance: term 1 of ${academicYear} (${term.first} – ${term.last}) for ${schools.length} schools of area ${areas.join(', ')}`,
  );
  for (const s of schools) {
    await db.transaction(async (m) => {
      const [{ n }] = await m.query(
        `WITH days AS (SELECT g::date AS d, row_number() OVER (ORDER BY g DESC) AS from_end
                         FROM generate_series($2::date, $3::date, interval '1 day') g
                        WHERE ${isSchoolDay('g::date', '$1::uuid')}),
              roll AS (SELECT DISTINCT ON (e.student_id, days.d) e.student_id, e.id AS enrollment_id, e.grade_level,
                              e.classroom, days.d, days.from_end,
                              abs(hashtext(e.student_id::text)) % 40 = 0 AS chronic,
                              abs(hashtext(e.student_id::text || days.d::text)) % 1000 AS h
                         FROM enrollment e JOIN days ON ${onRoll('e', 'days.d')}
                        WHERE e.school_id = $1
                        ORDER BY e.student_id, days.d, e.started_on DESC),
              ins AS (INSERT INTO attendance_mark
                        (school_id, school_code, area_office_code, attended_on, period, student_id, enrollment_id,
                         grade_level, classroom, status, recorded_by)
                      SELECT $1, $4, $5, r.d, 0, r.student_id, r.enrollment_id, r.grade_level, r.classroom,
                             CASE WHEN r.chronic AND r.from_end <= 5 THEN 'ABSENT'
                                  WHEN r.chronic THEN CASE WHEN r.h < 600 THEN 'PRESENT' WHEN r.h < 650 THEN 'LATE'
                                                           WHEN r.h < 900 THEN 'ABSENT' WHEN r.h < 950 THEN 'SICK_LEAVE'
                                                           ELSE 'PERSONAL_LEAVE' END
                                  WHEN r.h < 940 THEN 'PRESENT' WHEN r.h < 965 THEN 'LATE' WHEN r.h < 985 THEN 'ABSENT'
                                  WHEN r.h < 995 THEN 'SICK_LEAVE' ELSE 'PERSONAL_LEAVE' END,
                             'system:demo-seed'
                        FROM roll r
                      ON CONFLICT DO NOTHING
                      RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [s.schoolId, term.first, term.last, s.schoolCode, s.areaOfficeCode],
      );
      const days: Array<Record<string, number | string>> = await m.query(
        `WITH ds AS (${dayStatuses('m.school_id = $1 AND m.attended_on BETWEEN $2 AND $3')})
         SELECT to_char(ds.attended_on, 'YYYY-MM-DD') AS date,
                count(*)::int AS enrolled,
                count(*) FILTER (WHERE status = 'PRESENT')::int AS present,
                count(*) FILTER (WHERE status = 'ABSENT')::int AS absent,
                count(*) FILTER (WHERE status = 'LATE')::int AS late,
                count(*) FILTER (WHERE status = 'SICK_LEAVE')::int AS "sickLeave",
                count(*) FILTER (WHERE status = 'PERSONAL_LEAVE')::int AS "personalLeave"
           FROM ds GROUP BY ds.attended_on ORDER BY ds.attended_on`,
        [s.schoolId, term.first, term.last],
      );
      await m.query(
        `INSERT INTO attendance_day (school_id, attended_on) SELECT $1, d FROM unnest($2::date[]) AS d ON CONFLICT DO NOTHING`,
        [s.schoolId, days.map((d) => d.date)],
      );
      await enqueueEvents(
        m,
        AttendanceDaily,
        days.map((d) => ({
          aggregateId: s.schoolId,
          payload: {
            schoolId: s.schoolId,
            schoolCode: s.schoolCode,
            areaOfficeCode: s.areaOfficeCode,
            provinceCode: s.provinceCode,
            date: String(d.date),
            revision: 1,
            enrolled: Number(d.enrolled),
            present: Number(d.present),
            absent: Number(d.absent),
            late: Number(d.late),
            sickLeave: Number(d.sickLeave),
            personalLeave: Number(d.personalLeave),
            unmarked: 0,
          },
        })),
      );
      result.marks += n;
    });
    result.schools += 1;
  }
  result.ms = Date.now() - started;
  progress(
    `demo attendance: ${result.marks} marks for ${result.schools} schools in ${(result.ms / 1000).toFixed(1)} s`,
  );
  return result;
}
