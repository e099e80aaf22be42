import type { EntityManager } from 'typeorm';
import {
  applySchoolsToReplica,
  applySchoolToReplica,
  onBatch,
  SchoolUpserted,
  type EventEnvelope,
  type HandlerRegistration,
  type PayloadOf,
} from '@smss/events';
import type { DemoData } from '@smss/service-kit';
import { seedDemoSchools, type DemoSchool } from '../demo/demo-assets';

type SchoolEvent = EventEnvelope<PayloadOf<typeof SchoolUpserted>>;

/** Every table whose rows belong to a school by its directory id. */
const SCHOOL_TABLES = [
  'building',
  'building_repair',
  'building_survey',
  'asset_code_sequence',
  'asset',
  'asset_disposal',
  'stock_take',
  'stock_take_item',
  'procurement',
  'infrastructure',
  'school_asset_summary',
  'school_asset_value',
];

/**
 * The OBEC code is a school's lasting identity. When the directory re-creates a school under a new id (a
 * rebuilt directory database, or a stream replay after one), the newer event wins: this service's rows
 * move to the new id before the shared replica helper replaces the replica row (otherwise they would be
 * orphaned, out of every viewer's scope). Rows are moved only while the new id has none of its own.
 */
async function adoptRecreatedSchools(manager: EntityManager, events: SchoolEvent[]): Promise<void> {
  const moves: Array<{ old_id: string; new_id: string }> = await manager.query(
    `SELECT r.school_id AS old_id, i.school_id AS new_id
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS i(school_id, obec_code, occurred_at)
       JOIN directory_school_replica r ON r.obec_code = i.obec_code AND r.school_id <> i.school_id
      WHERE r.updated_at <= i.occurred_at
        AND NOT EXISTS (SELECT 1 FROM building WHERE school_id = i.school_id)
        AND NOT EXISTS (SELECT 1 FROM asset WHERE school_id = i.school_id)
        AND NOT EXISTS (SELECT 1 FROM infrastructure WHERE school_id = i.school_id)`,
    [events.map((e) => e.payload.id), events.map((e) => e.payload.obecCode), events.map((e) => e.occurredAt)],
  );
  if (!moves.length) return;
  for (const table of SCHOOL_TABLES)
    await manager.query(
      `UPDATE ${table} t SET school_id = m.new_id FROM unnest($1::uuid[], $2::uuid[]) AS m(old_id, new_id)
        WHERE t.school_id = m.old_id`,
      [moves.map((m) => m.old_id), moves.map((m) => m.new_id)],
    );
}

/**
 * Keep the directory replica (the shared helpers: newest version wins), move this service's rows when a
 * school is re-created under a new id, and in a demo deployment give each newly seen open school its
 * deterministic demo buildings, assets, procurement and infrastructure (once per OBEC code). Runs in the
 * durable consumer's transaction with the inbox rows, so a redelivered event changes nothing.
 */
export function replicateSchoolWhenSchoolUpserted(demoData: DemoData = 'none'): HandlerRegistration {
  const demo = async (manager: EntityManager, events: SchoolEvent[]) => {
    if (demoData === 'none') return;
    // Seed each school as the replica now holds it: once per school (a batch may carry the same school
    // twice, or a school re-created under a new id) and never under an id the replica refused (an older
    // identity arriving late): otherwise its rows would be inserted twice, or under no known school.
    const wanted: DemoSchool[] = await manager.query(
      `SELECT school_id AS id, obec_code AS "obecCode", school_type AS "schoolType", levels
         FROM directory_school_replica
        WHERE school_id = ANY($1::uuid[]) AND status = 'OPEN' AND ($2 OR province_code = '16')
        ORDER BY obec_code`,
      [[...new Set(events.map((e) => e.payload.id))], demoData === 'national'],
    );
    if (wanted.length) await seedDemoSchools(manager, wanted);
  };
  return onBatch(SchoolUpserted, {
    handle: async (event, manager) => {
      await adoptRecreatedSchools(manager, [event]);
      await applySchoolToReplica(manager, event.payload, event.occurredAt);
      await demo(manager, [event]);
    },
    handleBatch: async (events, manager) => {
      await adoptRecreatedSchools(manager, events);
      await applySchoolsToReplica(manager, events);
      await demo(manager, events);
    },
  });
}
