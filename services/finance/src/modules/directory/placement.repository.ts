import { directoryReplica } from '@smss/events';
import type { DataSource, EntityManager } from 'typeorm';
import type { SchoolPlacement } from '../common/policy';

interface PlacementRow {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  nameTh: string | null;
}

/**
 * Where schools sit: the directory replica (fed by `schools.school.upserted`), falling back to the
 * placement a DMC snapshot carried for schools the replica has not heard of yet.
 */
export class PlacementRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager?: EntityManager): Promise<SchoolPlacement[]> {
    const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return [];
    const rows: PlacementRow[] = await (manager ?? this.db.manager).query(
      `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode",
              province_code AS "provinceCode", name_th AS "nameTh"
         FROM directory_school_replica WHERE school_id = ANY($1::uuid[])
       UNION ALL
       SELECT DISTINCT ON (a.school_id) a.school_id, a.school_code, a.area_office_code, a.province_code, NULL
         FROM subsidy_allocation a
        WHERE a.school_id = ANY($1::uuid[])
          AND NOT EXISTS (SELECT 1 FROM directory_school_replica r WHERE r.school_id = a.school_id)
        ORDER BY 1`,
      [valid],
    );
    return rows;
  }

  async byId(id: string, manager?: EntityManager): Promise<SchoolPlacement | null> {
    return (await this.byIds([id], manager))[0] ?? null;
  }

  /** School names for report rows. */
  async namesByIds(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await directoryReplica.byIds(this.db.manager, ids);
    return new Map(rows.map((r) => [r.schoolId, r.nameTh]));
  }
}
