import type { EntityManager } from 'typeorm';
import {
  applySchoolsToReplica,
  onBatch,
  SchoolUpserted,
  upsertReplicaWhenSchoolUpserted,
  type EventEnvelope,
  type HandlerRegistration,
  type PayloadOf,
} from '@smss/events';
import type { DemoData } from '../environment';
import { generateDemoStaffForSchool } from '../demo/demo-staff';

type SchoolEvent = EventEnvelope<PayloadOf<typeof SchoolUpserted>>;

/** Every column of `school_enrolment`, `school_id` first. */
const ENROLMENT_COLUMNS = `school_id, school_code, area_office_code, academic_year, round, round_rank, snapshot_version,
  as_of_date, snapshot_id, event_id, total_students, grades, classrooms, teachers_required, directors_required,
  deputy_directors_required, criteria, updated_at`;

/**
 * Keep the directory replica (the shared `upsertReplicaWhenSchoolUpserted`: newest version wins),
 * keep open appointments of the school under the school's current area office, and, in a demo
 * deployment, give a newly seen open school its deterministic demo staff (once: a school that
 * has ever had an appointment is left alone).
 *
 * A batch (a new replica reads the whole directory, ~29,000 events) is applied set-based: the
 * replica in two statements, the appointments in one; only a batch with a school re-created under
 * a new id (same OBEC code) goes event by event.
 */
export function replicateSchoolWhenSchoolUpserted(demoData: DemoData = 'none'): HandlerRegistration {
  const wanted = (p: SchoolEvent['payload']) =>
    p.status === 'OPEN' && ((demoData === 'lopburi' && p.provinceCode === '16') || demoData === 'national');
  const handle = async (event: SchoolEvent, manager: EntityManager) => {
    const p = event.payload;
    if (!(await adoptRecreatedSchool(manager, p.id, p.obecCode, event.occurredAt))) return;
    await upsertReplicaWhenSchoolUpserted.handle(event, manager);
    await followAreaOffice(manager, [p.id]);
    if (wanted(p)) await generateDemoStaffForSchool(manager, p);
  };
  return onBatch(SchoolUpserted, {
    handle,
    handleBatch: async (events, manager) => {
      if (await anyRecreated(manager, events)) {
        for (const event of events) await handle(event, manager);
        return;
      }
      await applySchoolsToReplica(manager, events);
      const ids = [...new Set(events.map((e) => e.payload.id))];
      await followAreaOffice(manager, ids);
      const demo = new Map(events.filter((e) => wanted(e.payload)).map((e) => [e.payload.id, e.payload]));
      for (const p of demo.values()) await generateDemoStaffForSchool(manager, p);
    },
  });
}

/** Open appointments of these schools follow the school's area office in the replica. */
async function followAreaOffice(manager: EntityManager, schoolIds: string[]): Promise<void> {
  await manager.query(
    `UPDATE appointment a SET area_office_code = r.area_office_code
       FROM directory_school_replica r
      WHERE r.school_id = ANY($1::uuid[]) AND a.school_id = r.school_id AND a.end_date IS NULL
        AND a.area_office_code <> r.area_office_code`,
    [schoolIds],
  );
}

/** Does an OBEC code of the batch belong to another school id, in the replica or in the batch itself? */
async function anyRecreated(manager: EntityManager, events: SchoolEvent[]): Promise<boolean> {
  const idOf = new Map<string, string>();
  for (const { payload } of events) {
    const seen = idOf.get(payload.obecCode);
    if (seen && seen !== payload.id) return true;
    idOf.set(payload.obecCode, payload.id);
  }
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM directory_school_replica r
       JOIN unnest($1::text[], $2::uuid[]) AS u(obec_code, school_id)
         ON r.obec_code = u.obec_code AND r.school_id <> u.school_id
      LIMIT 1`,
    [[...idOf.keys()], [...idOf.values()]],
  );
  return rows.length > 0;
}

/**
 * The OBEC code is a school's lasting identity. When the directory re-creates a school under a
 * new id (a rebuilt directory database, or a stream replay after one), the newer event wins: the
 * replica row, appointments, leave and enrolment move to the new id. An event of the older
 * identity arriving afterwards is ignored. Returns false when the event is such a stale one.
 * Without this the replica's unique OBEC code would refuse the new id forever.
 */
async function adoptRecreatedSchool(
  manager: EntityManager,
  schoolId: string,
  obecCode: string,
  occurredAt: string,
): Promise<boolean> {
  const rows: Array<{ school_id: string; updated_at: Date }> = await manager.query(
    `SELECT school_id, updated_at FROM directory_school_replica WHERE obec_code = $1 AND school_id <> $2`,
    [obecCode, schoolId],
  );
  const stale = rows[0];
  if (!stale) return true;
  if (stale.updated_at > new Date(occurredAt)) return false;
  await manager.query(`DELETE FROM directory_school_replica WHERE school_id = $1`, [stale.school_id]);
  await manager.query(`UPDATE appointment SET school_id = $2 WHERE school_id = $1`, [
    stale.school_id,
    schoolId,
  ]);
  await manager.query(`UPDATE leave_request SET school_id = $2 WHERE school_id = $1`, [
    stale.school_id,
    schoolId,
  ]);
  // The enrolment moves too, unless the new id already holds a snapshot at least as new. An upsert, not
  // an UPDATE guarded by NOT EXISTS: the DMC consumer may be inserting the new id's enrolment in a
  // concurrent transaction, which NOT EXISTS cannot see and the primary key would then refuse (the
  // whole batch falling back to one event per transaction); ON CONFLICT waits for it instead.
  await manager.query(
    `WITH moved AS (DELETE FROM school_enrolment WHERE school_id = $1 RETURNING *)
     INSERT INTO school_enrolment (${ENROLMENT_COLUMNS})
     SELECT $2, ${ENROLMENT_COLUMNS.replace('school_id, ', '')} FROM moved
     ON CONFLICT (school_id) DO UPDATE SET
       school_code = EXCLUDED.school_code, area_office_code = EXCLUDED.area_office_code,
       academic_year = EXCLUDED.academic_year, round = EXCLUDED.round, round_rank = EXCLUDED.round_rank,
       snapshot_version = EXCLUDED.snapshot_version, as_of_date = EXCLUDED.as_of_date,
       snapshot_id = EXCLUDED.snapshot_id, event_id = EXCLUDED.event_id, total_students = EXCLUDED.total_students,
       grades = EXCLUDED.grades, classrooms = EXCLUDED.classrooms, teachers_required = EXCLUDED.teachers_required,
       directors_required = EXCLUDED.directors_required,
       deputy_directors_required = EXCLUDED.deputy_directors_required, criteria = EXCLUDED.criteria,
       updated_at = EXCLUDED.updated_at
     WHERE (school_enrolment.academic_year, school_enrolment.round_rank, school_enrolment.snapshot_version)
         < (EXCLUDED.academic_year, EXCLUDED.round_rank, EXCLUDED.snapshot_version)`,
    [stale.school_id, schoolId],
  );
  return true;
}
