/*
 * SQL shared by every attendance read, so the rules are written once:
 *
 * - a **school day** of a school: a weekday (Monday–Friday) inside a term of the calendar
 *   (`school_term`), not a national holiday and not one of that school's holidays (`school_holiday`);
 * - a student is **on a school's roll** on day d when an enrolment there has started on or before d and
 *   has not ended by d (`ended_on` is the first day off the roll: a child released on 1 August is on the
 *   old school's roll until 31 July and on the new school's from the day the transfer is accepted);
 * - a student's **day status** at a school: the whole-day mark (period 0) when there is one; otherwise
 *   attended (the PRESENT or LATE of the first period so marked) when any period says so; otherwise the
 *   first period's mark;
 * - **attended** = PRESENT or LATE; ABSENT, SICK_LEAVE and PERSONAL_LEAVE are not attended, and a school
 *   day on the roll with no mark counts as not attended (reported apart as `unmarked`).
 */

export const ATTENDANCE_STATUSES = ['PRESENT', 'ABSENT', 'LATE', 'SICK_LEAVE', 'PERSONAL_LEAVE'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** Statuses that count as attended. */
export const ATTENDED = `('PRESENT','LATE')`;

/** `d` (a date expression) is a school day of the school whose id is `schoolId` (a uuid expression). */
export const isSchoolDay = (d: string, schoolId: string) => `(
  EXTRACT(ISODOW FROM ${d}) < 6
  AND EXISTS (SELECT 1 FROM school_term t WHERE ${d} BETWEEN t.starts_on AND t.ends_on)
  AND NOT EXISTS (SELECT 1 FROM school_holiday h
                   WHERE h.holiday_on = ${d} AND (h.school_id IS NULL OR h.school_id = ${schoolId})))`;

/** An enrolment row `e` puts its student on the roll on day `d`. */
export const onRoll = (e: string, d: string) =>
  `(${e}.started_on <= ${d} AND (${e}.ended_on IS NULL OR ${e}.ended_on > ${d}))`;

/**
 * One day status per (school, student, day) from `attendance_mark m` restricted by `where`
 * (which may use `m.`): columns school_id, student_id, attended_on, status.
 */
export const dayStatuses = (where: string) => `
  SELECT DISTINCT ON (m.school_id, m.student_id, m.attended_on)
         m.school_id, m.student_id, m.attended_on, m.status
    FROM attendance_mark m
   WHERE ${where}
   ORDER BY m.school_id, m.student_id, m.attended_on,
            (m.period = 0) DESC, (m.status IN ${ATTENDED}) DESC, m.period`;

/** Counts per status of a `status` column, plus attended, as SQL select items. */
export const statusCounts = (status: string) => `
  count(*) FILTER (WHERE ${status} = 'PRESENT')::int AS present,
  count(*) FILTER (WHERE ${status} = 'ABSENT')::int AS absent,
  count(*) FILTER (WHERE ${status} = 'LATE')::int AS late,
  count(*) FILTER (WHERE ${status} = 'SICK_LEAVE')::int AS "sickLeave",
  count(*) FILTER (WHERE ${status} = 'PERSONAL_LEAVE')::int AS "personalLeave",
  count(*) FILTER (WHERE ${status} IN ${ATTENDED})::int AS attended`;

/** The attendance rate as a fraction 0–1 rounded to 4 places (a percentage with 2), null without days. */
export const toRate = (attended: number, days: number): number | null =>
  days > 0 ? Math.round((attended / days) * 10_000) / 10_000 : null;
