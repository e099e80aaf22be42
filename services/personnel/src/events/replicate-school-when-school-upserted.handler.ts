import type { EntityManager } from 'typeorm';
import { on, SchoolUpserted, upsertReplicaWhenSchoolUpserted, type HandlerRegistration } from '@smss/events';
import type { DemoData } from '../environment';
import { generateDemoStaffForSchool } from '../demo/demo-staff';

/**
 * Keep the directory replica (the shared `upsertReplicaWhenSchoolUpserted`: newest version wins),
 * keep open appointments of the school under the school's current area office, and, in a demo
 * deployment, give a newly seen open school its deterministic demo staff (once: a school that
 * has ever had an appointment is left alone).
 */
export function replicateSchoolWhenSchoolUpserted(demoData: DemoData = 'none'): HandlerRegistration {
  return on(SchoolUpserted, async (event, manager) => {
    const p = event.payload;
    if (!(await adoptRecreatedSchool(manager, p.id, p.obecCode, event.occurredAt))) return;
    await upsertReplicaWhenSchoolUpserted.handle(event, manager);
    await manager.query(
      `UPDATE appointment a SET area_office_code = r.area_office_code
         FROM directory_school_replica r
        WHERE r.school_id = $1 AND a.school_id = r.school_id AND a.end_date IS NULL
          AND a.area_office_code <> r.area_office_code`,
      [p.id],
    );
    const wanted = (demoData === 'lopburi' && p.provinceCode === '16') || demoData === 'national';
    if (wanted && p.status === 'OPEN') await generateDemoStaffForSchool(manager, p);
  });
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
  await manager.query(
    `UPDATE school_enrolment SET school_id = $2
      WHERE school_id = $1 AND NOT EXISTS (SELECT 1 FROM school_enrolment WHERE school_id = $2)`,
    [stale.school_id, schoolId],
  );
  return true;
}
