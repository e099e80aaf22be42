import type { EntityManager } from 'typeorm';
import {
  enqueueEvent,
  enqueueEventsFromSql,
  StudentChanged,
  type SqlRunner,
  type StudentChangedPayload,
} from '@smss/events';
import { latestEnrollment } from '../common/latest-enrollment';

/** The latest enrolment of `s` (the active one, else the last): whose the student is, as the owner rule decides. */
const LATEST_OF_STUDENT = `LEFT JOIN ${latestEnrollment('s.id', ['school_code', 'area_office_code'])} ON true`;

/**
 * The StudentChanged payload of one student as it stands in this transaction (its version and the
 * school and area office of its latest enrolment); undefined for an unknown id. Read it before a delete.
 */
export async function studentChangeOf(
  m: EntityManager,
  studentId: string,
  change: StudentChangedPayload['change'],
): Promise<StudentChangedPayload | undefined> {
  const [row] = await m.query(
    `SELECT s.id, s.version, latest.school_code, latest.area_office_code
       FROM student s ${LATEST_OF_STUDENT} WHERE s.id = $1`,
    [studentId],
  );
  if (!row) return undefined;
  return {
    studentId: row.id,
    change,
    schoolCode: row.school_code ?? null,
    areaOfficeCode: row.area_office_code ?? null,
    version: row.version,
  };
}

/** Enqueue one StudentChanged (validated against the contract) in the caller's transaction. */
export async function enqueueStudentChanged(
  m: EntityManager,
  payload: StudentChangedPayload,
  correlationId?: string,
): Promise<void> {
  await enqueueEvent(m, StudentChanged, payload.studentId, payload, correlationId ? { correlationId } : {});
}

/**
 * Set-based: one StudentChanged `UPDATED` per student whose id `changedIds` (a SQL query of one uuid
 * column, e.g. the students an import's UPDATE really changed) selects, written by one
 * `INSERT INTO outbox_event … SELECT` (`enqueueEventsFromSql`) — no row per student comes back to the
 * service. The payload's values come from constrained columns (uuid, version ≥ 1, the replica's
 * codes), and `test/partner-exchange.test.ts` parses what it writes with the contract.
 */
export async function enqueueStudentsUpdatedSql(
  runner: SqlRunner,
  changedIds: string,
  correlationId?: string,
): Promise<void> {
  await enqueueEventsFromSql(
    runner,
    StudentChanged,
    `SELECT s.id AS aggregate_id,
            jsonb_build_object('studentId', s.id, 'change', 'UPDATED', 'schoolCode', latest.school_code,
                               'areaOfficeCode', latest.area_office_code, 'version', s.version) AS payload
       FROM student s ${LATEST_OF_STUDENT}
      WHERE s.id IN (${changedIds})`,
    [],
    { correlationId },
  );
}
