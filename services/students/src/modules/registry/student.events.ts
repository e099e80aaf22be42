import type { EntityManager } from 'typeorm';
import { enqueueEvent, StudentChanged, type StudentChangedPayload } from '@smss/events';

/** The latest enrolment of `s` (the active one, else the last): whose the student is, as the owner rule decides. */
const LATEST_OF_STUDENT = `LEFT JOIN LATERAL (
  SELECT l.school_code, l.area_office_code FROM enrollment l
   WHERE l.student_id = s.id
   ORDER BY (l.status = 'ACTIVE') DESC, l.started_on DESC, l.created_at DESC LIMIT 1) latest ON true`;

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
 * `INSERT INTO outbox_event … SELECT` — no row per student comes back to the service. The envelope is
 * the one `buildEnvelope` makes (id, type, aggregateId, occurredAt, correlationId, causationId,
 * payload); the payload's values come from constrained columns (uuid, version ≥ 1, the replica's codes),
 * and `test/partner-exchange.test.ts` parses what it writes with the contract.
 */
export async function enqueueStudentsUpdatedSql(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  changedIds: string,
  correlationId?: string,
): Promise<void> {
  await query(
    `INSERT INTO outbox_event (id, subject, aggregate_id, envelope, occurred_at)
     SELECT ev.id, $1, ev.student_id::text,
            jsonb_build_object('id', ev.id, 'type', $1::text, 'aggregateId', ev.student_id::text,
                               'occurredAt', $2::text, 'correlationId', coalesce($3::text, ev.id::text),
                               'causationId', NULL,
                               'payload', jsonb_build_object('studentId', ev.student_id, 'change', 'UPDATED',
                                                             'schoolCode', ev.school_code,
                                                             'areaOfficeCode', ev.area_office_code,
                                                             'version', ev.version)),
            $2::timestamptz
       FROM (SELECT gen_random_uuid() AS id, s.id AS student_id, s.version, latest.school_code, latest.area_office_code
               FROM student s ${LATEST_OF_STUDENT}
              WHERE s.id IN (${changedIds})
              ORDER BY s.id OFFSET 0) ev`,
    [StudentChanged.subject, new Date().toISOString(), correlationId ?? null],
  );
}
