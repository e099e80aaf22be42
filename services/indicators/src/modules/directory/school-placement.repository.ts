import type { DataSource, EntityManager } from 'typeorm';
import type { VisibilityFilter } from '@smss/auth';
import { directoryReplica } from '@smss/events';
import { levelOfOrgCode, type Organisation } from '../access/organisation';

/**
 * Where organisations sit in the hierarchy, from this service's directory replica (fed by
 * `schools.school.upserted`): no call to the schools subgraph per request. An area office is known when
 * the replica holds at least one of its schools.
 */
export class SchoolPlacementRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Each code's organisation in request order, or null for a malformed or unknown code (a school not in
   * the replica, an area office without schools). One statement for any number of codes.
   */
  async organisations(
    codes: readonly string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Array<Organisation | null>> {
    const schools = codes.filter((c) => levelOfOrgCode(c) === 'SCHOOL');
    const areas = codes.filter((c) => levelOfOrgCode(c) === 'AREA_OFFICE');
    const [schoolRows, areaCodes] = await Promise.all([
      directoryReplica.byObecCodes(manager, schools),
      areas.length ? directoryReplica.areaOfficeCodes(manager, areas) : [],
    ]);
    const school = new Map(schoolRows.map((r) => [r.schoolCode, r]));
    const area = new Set(areaCodes);
    return codes.map((code): Organisation | null => {
      const level = levelOfOrgCode(code);
      if (level === 'OBEC') return { level, code, areaOfficeCode: null, schoolCode: null, schoolId: null };
      if (level === 'AREA_OFFICE')
        return area.has(code)
          ? { level, code, areaOfficeCode: code, schoolCode: null, schoolId: null }
          : null;
      if (level === 'SCHOOL') {
        const s = school.get(code);
        return s
          ? { level, code, areaOfficeCode: s.areaOfficeCode, schoolCode: code, schoolId: s.schoolId }
          : null;
      }
      return null;
    });
  }

  /** School names from the replica, by OBEC code (for the exports' headings). */
  async schoolNames(codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await directoryReplica.byObecCodes(this.db.manager, codes);
    return new Map(rows.map((r) => [r.schoolCode, r.nameTh]));
  }

  /** Directory ids of schools by OBEC code (for `School` references). */
  async schoolIds(codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await directoryReplica.byObecCodes(this.db.manager, codes);
    return new Map(rows.map((r) => [r.schoolCode, r.schoolId]));
  }

  /** OBEC codes of schools by directory id. */
  async schoolCodesByIds(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await directoryReplica.byIds(this.db.manager, ids);
    return new Map(rows.map((r) => [r.schoolId, r.schoolCode]));
  }

  /**
   * The organisations of a level the viewer's scope covers, in code order (OBEC: every area office or
   * school of the replica; an area office: itself, or its schools; a school: itself).
   */
  async organisationsOfLevel(
    level: 'AREA_OFFICE' | 'SCHOOL',
    scope: VisibilityFilter,
  ): Promise<Organisation[]> {
    if (scope.kind === 'NONE') return [];
    const where =
      scope.kind === 'ALL'
        ? { sql: 'TRUE', params: [] as string[] }
        : scope.kind === 'AREA'
          ? { sql: 'area_office_code = $1', params: [scope.areaOfficeCode] }
          : level === 'SCHOOL'
            ? { sql: 'obec_code = $1', params: [scope.schoolCode] }
            : { sql: 'FALSE', params: [] };
    if (level === 'AREA_OFFICE') {
      if (scope.kind === 'SCHOOL') return [];
      const rows: Array<{ code: string }> = await this.db.query(
        `SELECT DISTINCT area_office_code AS code FROM directory_school_replica WHERE ${where.sql} ORDER BY 1`,
        where.params,
      );
      return rows.map((r) => ({
        level,
        code: r.code,
        areaOfficeCode: r.code,
        schoolCode: null,
        schoolId: null,
      }));
    }
    const rows: Array<{ code: string; area: string; id: string }> = await this.db.query(
      `SELECT obec_code AS code, area_office_code AS area, school_id AS id FROM directory_school_replica
        WHERE status = 'OPEN' AND ${where.sql} ORDER BY obec_code`,
      where.params,
    );
    return rows.map((r) => ({
      level,
      code: r.code,
      areaOfficeCode: r.area,
      schoolCode: r.code,
      schoolId: r.id,
    }));
  }
}
