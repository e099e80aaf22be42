import type { DataSource, EntityManager } from 'typeorm';
import { todayInBangkok } from '@smss/thai';
import { ATTENDED, dayStatuses, isSchoolDay, onRoll } from './attendance.sql';

export interface TermAttendanceRate {
  /** School days of the term (calendar) on which the student was on the school's roll, up to today. */
  schoolDays: number;
  /** Of those, days attended (PRESENT or LATE; leave and unmarked days are not attended). */
  attended: number;
  /** attended / schoolDays, 0–1 (unrounded). */
  rate: number;
}

/**
 * Attendance of every student on a school's roll during term 1 or 2 of an academic year (B.E.), in one
 * SQL query: school days from the calendar (terms, weekends, national and the school's holidays) from the
 * term's start up to today (Asia/Bangkok) or the term's end, whichever is earlier; a student appears
 * when on the roll on at least one of those days. Rules as in `attendance.sql.ts` (PRESENT and LATE
 * attend; leave and a school day without a mark do not). An unknown school, a year without that term in
 * the calendar or a term not started yet give an empty map.
 *
 * The contract the EEF cash-transfer module uses for "attendance above 80 % in the term". No access check:
 * the caller decides who may ask.
 */
export async function termAttendanceRates(
  db: DataSource | EntityManager,
  schoolCode: string,
  academicYear: number,
  term: 1 | 2,
  today: string = todayInBangkok(),
): Promise<Map<string, TermAttendanceRate>> {
  const rows: Array<{ studentId: string; schoolDays: number; attended: number }> = await db.query(
    `WITH school AS (SELECT school_id FROM directory_school_replica WHERE obec_code = $1),
          span AS (SELECT t.starts_on AS first, LEAST(t.ends_on, $4::date) AS last
                     FROM school_term t WHERE t.academic_year = $2 AND t.term = $3),
          days AS (SELECT g::date AS d, s.school_id
                     FROM span, school s, generate_series(span.first, span.last, interval '1 day') g
                    WHERE ${isSchoolDay('g::date', 's.school_id')}),
          roll AS (SELECT DISTINCT e.student_id, days.d
                     FROM days JOIN enrollment e ON e.school_id = days.school_id AND ${onRoll('e', 'days.d')}),
          marks AS (${dayStatuses(
            `m.school_id = (SELECT school_id FROM school)
               AND m.attended_on BETWEEN (SELECT first FROM span) AND (SELECT last FROM span)`,
          )})
     SELECT r.student_id AS "studentId", count(*)::int AS "schoolDays",
            count(*) FILTER (WHERE mk.status IN ${ATTENDED})::int AS attended
       FROM roll r
       LEFT JOIN marks mk ON mk.student_id = r.student_id AND mk.attended_on = r.d
      GROUP BY r.student_id`,
    [schoolCode, academicYear, term, today],
  );
  return new Map(
    rows.map((r) => [
      r.studentId,
      { schoolDays: r.schoolDays, attended: r.attended, rate: r.schoolDays ? r.attended / r.schoolDays : 0 },
    ]),
  );
}
