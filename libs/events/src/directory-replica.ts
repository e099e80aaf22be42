import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { onBatch, type HandlerRegistration } from './consumer';
import { SchoolUpserted } from './contracts/schools';
import type { EventEnvelope, PayloadOf } from './envelope';

/**
 * A service's local copy of the school directory, fed by `schools.school.upserted`, so it can
 * authorise by hierarchy (is school X under area office Y?) without a call per request.
 */
export interface DirectorySchoolReplicaRow {
  schoolId: string;
  obecCode: string;
  nameTh: string;
  areaOfficeCode: string;
  provinceCode: string;
  districtCode: string;
  status: string;
  schoolType: string;
  levels: string[];
  version: number;
  updatedAt: Date;
}

export class CreateDirectorySchoolReplica1732406400001 implements MigrationInterface {
  name = 'CreateDirectorySchoolReplica1732406400001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directory_school_replica (
        school_id uuid PRIMARY KEY,
        obec_code text NOT NULL UNIQUE,
        name_th text NOT NULL,
        area_office_code text NOT NULL,
        province_code text NOT NULL,
        district_code text NOT NULL,
        status text NOT NULL,
        school_type text NOT NULL DEFAULT '',
        levels text[] NOT NULL DEFAULT '{}',
        version int NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX directory_school_replica_area ON directory_school_replica (area_office_code)`,
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE directory_school_replica');
  }
}

/** Upsert keeping the highest version: an old event arriving late never overwrites a newer one. */
export async function applySchoolToReplica(
  manager: EntityManager,
  p: {
    id: string;
    obecCode: string;
    nameTh: string;
    areaOfficeCode: string;
    provinceCode: string;
    districtCode: string;
    status: string;
    schoolType: string;
    levels: string[];
    version: number;
  },
  occurredAt: string,
): Promise<void> {
  // A directory rebuilt from scratch gives an OBEC code a new id: the newer record replaces the old one.
  await manager.query(
    `DELETE FROM directory_school_replica WHERE obec_code = $1 AND school_id <> $2 AND updated_at <= $3`,
    [p.obecCode, p.id, occurredAt],
  );
  const [newer] = await manager.query(
    `SELECT 1 FROM directory_school_replica WHERE obec_code = $1 AND school_id <> $2`,
    [p.obecCode, p.id],
  );
  if (newer) return;
  await manager.query(
    `INSERT INTO directory_school_replica
       (school_id, obec_code, name_th, area_office_code, province_code, district_code, status, school_type, levels,
        version, updated_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$10,$11,$8,$9)
     ON CONFLICT (school_id) DO UPDATE SET
       obec_code = EXCLUDED.obec_code, name_th = EXCLUDED.name_th,
       area_office_code = EXCLUDED.area_office_code, province_code = EXCLUDED.province_code,
       district_code = EXCLUDED.district_code, status = EXCLUDED.status,
       school_type = EXCLUDED.school_type, levels = EXCLUDED.levels, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
     WHERE directory_school_replica.version < EXCLUDED.version`,
    [
      p.id,
      p.obecCode,
      p.nameTh,
      p.areaOfficeCode,
      p.provinceCode,
      p.districtCode,
      p.status,
      p.version,
      occurredAt,
      p.schoolType,
      p.levels,
    ],
  );
}

type SchoolEvent = EventEnvelope<PayloadOf<typeof SchoolUpserted>>;

/**
 * A batch of directory events in two statements (a replica built from the SCHOOLS stream reads
 * ~29,000 of them): per school the highest version of the batch, then the same rules as
 * `applySchoolToReplica` — a newer record under another id for the same OBEC code replaces the
 * older one; the highest version wins. A batch in which one OBEC code arrives under two ids (a
 * rebuilt directory) is applied event by event, in order.
 */
export async function applySchoolsToReplica(manager: EntityManager, events: SchoolEvent[]): Promise<void> {
  const latest = new Map<string, SchoolEvent>();
  for (const e of events) {
    const seen = latest.get(e.payload.id);
    if (!seen || seen.payload.version < e.payload.version) latest.set(e.payload.id, e);
  }
  const rows = [...latest.values()];
  const idsPerCode = new Map<string, string>();
  for (const { payload } of rows) {
    const other = idsPerCode.get(payload.obecCode);
    if (other && other !== payload.id) {
      for (const e of events) await applySchoolToReplica(manager, e.payload, e.occurredAt);
      return;
    }
    idsPerCode.set(payload.obecCode, payload.id);
  }
  const col = <T>(pick: (e: SchoolEvent) => T) => rows.map(pick);
  const params = [
    col((e) => e.payload.id),
    col((e) => e.payload.obecCode),
    col((e) => e.payload.nameTh),
    col((e) => e.payload.areaOfficeCode),
    col((e) => e.payload.provinceCode),
    col((e) => e.payload.districtCode),
    col((e) => e.payload.status),
    col((e) => e.payload.schoolType),
    col((e) => JSON.stringify(e.payload.levels)),
    col((e) => e.payload.version),
    col((e) => e.occurredAt),
  ];
  const input = `unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::jsonb[], $10::int[], $11::timestamptz[])
                 AS i(school_id, obec_code, name_th, area_office_code, province_code, district_code, status,
                      school_type, levels, version, updated_at)`;
  // A directory rebuilt from scratch gives an OBEC code a new id: the newer record replaces the old one.
  await manager.query(
    `DELETE FROM directory_school_replica r USING ${input}
      WHERE r.obec_code = i.obec_code AND r.school_id <> i.school_id AND r.updated_at <= i.updated_at`,
    params,
  );
  await manager.query(
    `INSERT INTO directory_school_replica
       (school_id, obec_code, name_th, area_office_code, province_code, district_code, status, school_type,
        levels, version, updated_at)
     SELECT i.school_id, i.obec_code, i.name_th, i.area_office_code, i.province_code, i.district_code, i.status,
            i.school_type, ARRAY(SELECT jsonb_array_elements_text(i.levels)), i.version, i.updated_at
       FROM ${input}
      WHERE NOT EXISTS (SELECT 1 FROM directory_school_replica n
                         WHERE n.obec_code = i.obec_code AND n.school_id <> i.school_id)
     ON CONFLICT (school_id) DO UPDATE SET
       obec_code = EXCLUDED.obec_code, name_th = EXCLUDED.name_th,
       area_office_code = EXCLUDED.area_office_code, province_code = EXCLUDED.province_code,
       district_code = EXCLUDED.district_code, status = EXCLUDED.status,
       school_type = EXCLUDED.school_type, levels = EXCLUDED.levels, version = EXCLUDED.version,
       updated_at = EXCLUDED.updated_at
     WHERE directory_school_replica.version < EXCLUDED.version`,
    params,
  );
}

/** The handler a service registers on its directory-replica durable consumer (per event and per batch). */
export const upsertReplicaWhenSchoolUpserted: HandlerRegistration = onBatch(SchoolUpserted, {
  handle: (event, manager) => applySchoolToReplica(manager, event.payload, event.occurredAt),
  handleBatch: (events, manager) => applySchoolsToReplica(manager, events),
});

/** Look up where a school sits, from the replica. */
export async function findReplicaPlacement(
  manager: EntityManager,
  schoolCode: string,
): Promise<{ schoolCode: string; areaOfficeCode: string } | null> {
  const rows: Array<{ obec_code: string; area_office_code: string }> = await manager.query(
    'SELECT obec_code, area_office_code FROM directory_school_replica WHERE obec_code = $1',
    [schoolCode],
  );
  const row = rows[0];
  return row ? { schoolCode: row.obec_code, areaOfficeCode: row.area_office_code } : null;
}

/** Where a school sits, as this service's directory replica knows it. */
export interface ReplicaSchoolPlacement {
  schoolId: string;
  /** The OBEC code. */
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  nameTh: string;
  status: string;
}

const PLACEMENT_SELECT = `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode",
       province_code AS "provinceCode", name_th AS "nameTh", status
  FROM directory_school_replica`;

/**
 * A viewer's row visibility (@smss/auth `recordVisibility`) as a condition on the directory replica
 * joined as `alias` (default `d`), its one parameter numbered `$n`: OBEC every row, an area office
 * its schools, a school itself, anyone else (partners included) none. The trust layer checks every
 * object again; this keeps lists and counts to what the viewer may see.
 */
export function replicaVisibilitySql(
  scope: VisibilityFilter,
  n: number,
  alias = 'd',
): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'ALL':
      return { sql: 'TRUE', params: [] };
    case 'AREA':
      return { sql: `${alias}.area_office_code = $${n}`, params: [scope.areaOfficeCode] };
    case 'SCHOOL':
      return { sql: `${alias}.obec_code = $${n}`, params: [scope.schoolCode] };
    default:
      return { sql: 'FALSE', params: [] };
  }
}

/**
 * The shared reader of the directory replica: where schools sit, by directory id or by OBEC code, and
 * which area offices it knows (those with at least one school). One statement for any number of keys;
 * malformed ids and codes are dropped, never sent to PostgreSQL. Services wrap it in their own
 * placement repository instead of writing the SQL again.
 */
export const directoryReplica = {
  async byIds(manager: EntityManager, ids: readonly string[]): Promise<ReplicaSchoolPlacement[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(`${PLACEMENT_SELECT} WHERE school_id = ANY($1::uuid[])`, [valid]);
  },

  async byObecCodes(manager: EntityManager, codes: readonly string[]): Promise<ReplicaSchoolPlacement[]> {
    const valid = codes.filter((c) => /^\d{10}$/.test(c));
    if (!valid.length) return [];
    return manager.query(`${PLACEMENT_SELECT} WHERE obec_code = ANY($1::text[])`, [valid]);
  },

  /** Area office codes with at least one school in the replica: of `codes`, or all of them in order. */
  async areaOfficeCodes(manager: EntityManager, codes?: readonly string[]): Promise<string[]> {
    const rows: Array<{ code: string }> = codes
      ? await manager.query(
          `SELECT DISTINCT area_office_code AS code FROM directory_school_replica WHERE area_office_code = ANY($1::text[])`,
          [codes],
        )
      : await manager.query(
          `SELECT DISTINCT area_office_code AS code FROM directory_school_replica ORDER BY 1`,
        );
    return rows.map((r) => r.code);
  },
};
