import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import type { Recipient } from '../circulation/delivery.types';

export interface SchoolPlacement {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  nameTh: string;
}

const SELECT = `SELECT school_id AS "schoolId", obec_code AS "schoolCode", area_office_code AS "areaOfficeCode",
                       name_th AS "nameTh" FROM directory_school_replica`;

/**
 * Where schools sit in the hierarchy, from this service's directory replica (fed by
 * `schools.school.upserted`): no call to the schools subgraph per request.
 */
export class SchoolPlacementRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<SchoolPlacement[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(`${SELECT} WHERE school_id = ANY($1::uuid[])`, [valid]);
  }

  async byCodes(
    codes: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<SchoolPlacement[]> {
    const valid = codes.filter((c) => /^\d{10}$/.test(c));
    if (!valid.length) return [];
    return manager.query(`${SELECT} WHERE obec_code = ANY($1::text[])`, [valid]);
  }

  /** Area office codes the directory knows (those with at least one school). */
  async areaCodes(codes?: readonly string[], manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: Array<{ code: string }> = codes
      ? await manager.query(
          `SELECT DISTINCT area_office_code AS code FROM directory_school_replica WHERE area_office_code = ANY($1::text[])`,
          [codes],
        )
      : await manager.query(
          `SELECT DISTINCT area_office_code AS code FROM directory_school_replica ORDER BY 1`,
        );
    return rows.map((r) => r.code);
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
