import { directoryReplica, type ReplicaSchoolPlacement } from '@smss/events';
import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from '../circulation/delivery.types';

export type SchoolPlacement = ReplicaSchoolPlacement;

/**
 * Where schools sit in the hierarchy, from this service's directory replica (fed by
 * `schools.school.upserted`, read through @smss/events' shared reader): no call to the schools subgraph
 * per request.
 */
export class SchoolPlacementRepository {
  constructor(private readonly db: DataSource) {}

  byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<SchoolPlacement[]> {
    return directoryReplica.byIds(manager, ids);
  }

  byCodes(codes: readonly string[], manager: EntityManager = this.db.manager): Promise<SchoolPlacement[]> {
    return directoryReplica.byObecCodes(manager, codes);
  }

  /** Area office codes the directory knows (those with at least one school). */
  areaCodes(codes?: readonly string[], manager: EntityManager = this.db.manager): Promise<string[]> {
    return directoryReplica.areaOfficeCodes(manager, codes);
  }

  /** Open schools of these area offices (all when null), as recipients, in code order. */
  async openSchoolsOf(
    areaCodes: readonly string[] | null,
    manager: EntityManager = this.db.manager,
  ): Promise<Recipient[]> {
    const rows: Array<{ orgCode: string; schoolId: string; areaCode: string }> = await manager.query(
      `SELECT obec_code AS "orgCode", school_id AS "schoolId", area_office_code AS "areaCode"
         FROM directory_school_replica
        WHERE status = 'OPEN' AND ($1::text[] IS NULL OR area_office_code = ANY($1::text[]))
        ORDER BY obec_code`,
      [areaCodes],
    );
    return rows;
  }
}
