import { GRADE_AGGREGATE } from '../registry/student.repository';

/**
 * What the DMC snapshot counts as extremely poor (`GradeCounts.extremelyPoor`, the head count of
 * finance's EEF_CONDITIONAL_CASH_TRANSFER line): students whose LATEST EEF screening of the snapshot's
 * academic year (highest term, then latest submitted) is eligible under the shipped rule — no longer the
 * `student.poverty` flag. The other counts stay as `GRADE_AGGREGATE` has them (`poor` is still the flag).
 * Use with `SNAPSHOT_SCREENING_JOIN` after `enrollment e JOIN student s`.
 */
export const SNAPSHOT_SCREENING_JOIN = `LEFT JOIN LATERAL (
    SELECT x.eligible FROM eef_screening x
     WHERE x.student_id = s.id AND x.academic_year = e.academic_year
     ORDER BY x.term DESC, x.submitted_at DESC LIMIT 1) eef ON true`;

const FLAG_COUNT = `count(*) FILTER (WHERE s.poverty = 'EXTREMELY_POOR')::int AS "extremelyPoor"`;

if (!GRADE_AGGREGATE.includes(FLAG_COUNT))
  throw new Error('GRADE_AGGREGATE changed: update the EEF snapshot count (modules/eef/eef.snapshot.ts)');

export const SNAPSHOT_GRADE_AGGREGATE = GRADE_AGGREGATE.replace(
  FLAG_COUNT,
  `count(*) FILTER (WHERE eef.eligible)::int AS "extremelyPoor"`,
);
