import type { DirectoryPlacement } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';

export interface SchoolPlacement extends DirectoryPlacement {
  schoolId: string;
}

/**
 * Where schools sit in the hierarchy, from this service's directory replica (fed by
 * `schools.school.upserted`): no call to the schools subgraph per request.
 */
export class SchoolPlacementRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<SchoolPlacement[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(
      `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode"
         FROM directory_school_replica WHERE school_id = ANY($1::uuid[])`,
      [valid],
    );
  }
}
