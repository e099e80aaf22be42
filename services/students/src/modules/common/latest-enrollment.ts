/**
 * A student's latest enrolment, the one that places them: an ACTIVE one first, then the newest by
 * start date and creation. One rule for every query that needs it.
 */
export const LATEST_ENROLLMENT_ORDER = `(l.status = 'ACTIVE') DESC, l.started_on DESC, l.created_at DESC`;

/**
 * The latest enrolment of the student whose id `studentId` (a column or parameter) names, as a
 * lateral subquery with `columns` of `enrollment`, aliased `alias`:
 * `LEFT JOIN ${latestEnrollment('s.id', ['school_code'])} ON true`.
 */
export function latestEnrollment(studentId: string, columns: readonly string[], alias = 'latest'): string {
  return `LATERAL (
  SELECT ${columns.map((c) => `l.${c}`).join(', ')} FROM enrollment l
   WHERE l.student_id = ${studentId}
   ORDER BY ${LATEST_ENROLLMENT_ORDER} LIMIT 1) ${alias}`;
}
