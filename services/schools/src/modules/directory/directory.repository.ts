import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids, returnedRows } from '@smss/db';
import type {
  AreaOfficeKind,
  AreaOfficeRow,
  DistrictRow,
  ProvinceRow,
  RegionRow,
  SchoolFilter,
  SchoolRow,
  SchoolStatusChangeRow,
} from './directory.types';

const SCHOOL_COLUMNS = `
  id, obec_code AS "obecCode", smis_code AS "smisCode", name_th AS "nameTh", name_en AS "nameEn",
  area_office_code AS "areaOfficeCode", province_code AS "provinceCode", district_code AS "districtCode",
  latitude::float8 AS latitude, longitude::float8 AS longitude, levels, school_type AS "schoolType",
  special_programmes AS "specialProgrammes", status, merged_into_id AS "mergedIntoId", version,
  updated_at AS "updatedAt"`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * All SQL of the directory lives here. Every list method takes arrays of keys so the
 * request-scoped DataLoaders can batch (one statement per kind of lookup, not one per parent).
 */
export class DirectoryRepository {
  constructor(private readonly db: DataSource) {}

  private q(manager?: EntityManager) {
    return manager ?? this.db.manager;
  }

  async regions(): Promise<RegionRow[]> {
    return this.db.query(`SELECT code, name_th AS "nameTh", name_en AS "nameEn" FROM region ORDER BY code`);
  }

  async regionsByCodes(codes: readonly string[]): Promise<RegionRow[]> {
    return this.db.query(
      `SELECT code, name_th AS "nameTh", name_en AS "nameEn" FROM region WHERE code = ANY($1)`,
      [codes],
    );
  }

  async provinces(regionCodes?: readonly string[]): Promise<ProvinceRow[]> {
    return this.db.query(
      `SELECT id, code, name_th AS "nameTh", name_en AS "nameEn", region_code AS "regionCode" FROM province
        WHERE $1::text[] IS NULL OR region_code = ANY($1) ORDER BY code`,
      [regionCodes ?? null],
    );
  }

  async provincesBy(column: 'id' | 'code', keys: readonly string[]): Promise<ProvinceRow[]> {
    return this.db.query(
      `SELECT id, code, name_th AS "nameTh", name_en AS "nameEn", region_code AS "regionCode" FROM province
        WHERE ${column === 'id' ? 'id = ANY($1::uuid[])' : 'code = ANY($1::text[])'}`,
      [column === 'id' ? onlyUuids(keys) : keys],
    );
  }

  async districtsBy(column: 'code' | 'province_code', keys: readonly string[]): Promise<DistrictRow[]> {
    return this.db.query(
      `SELECT code, province_code AS "provinceCode", name_th AS "nameTh", name_en AS "nameEn" FROM district
        WHERE ${column === 'code' ? 'code' : 'province_code'} = ANY($1) ORDER BY code`,
      [keys],
    );
  }

  async districtsOfAreaOffices(
    codes: readonly string[],
  ): Promise<Array<DistrictRow & { areaOfficeCode: string }>> {
    return this.db.query(
      `SELECT aod.area_office_code AS "areaOfficeCode", d.code, d.province_code AS "provinceCode",
              d.name_th AS "nameTh", d.name_en AS "nameEn"
         FROM area_office_district aod JOIN district d ON d.code = aod.district_code
        WHERE aod.area_office_code = ANY($1) ORDER BY d.code`,
      [codes],
    );
  }

  async areaOffices(filter: {
    provinceCodes?: readonly string[];
    kind?: AreaOfficeKind | null;
  }): Promise<AreaOfficeRow[]> {
    return this.db.query(
      `SELECT id, code, kind, name_th AS "nameTh", name_en AS "nameEn", province_code AS "provinceCode" FROM area_office
        WHERE ($1::text[] IS NULL OR province_code = ANY($1)) AND ($2::text IS NULL OR kind = $2) ORDER BY code`,
      [filter.provinceCodes ?? null, filter.kind ?? null],
    );
  }

  async areaOfficesBy(column: 'id' | 'code', keys: readonly string[]): Promise<AreaOfficeRow[]> {
    return this.db.query(
      `SELECT id, code, kind, name_th AS "nameTh", name_en AS "nameEn", province_code AS "provinceCode" FROM area_office
        WHERE ${column === 'id' ? 'id = ANY($1::uuid[])' : 'code = ANY($1::text[])'}`,
      [column === 'id' ? onlyUuids(keys) : keys],
    );
  }

  async schoolsBy(
    column: 'id' | 'obec_code',
    keys: readonly string[],
    manager?: EntityManager,
  ): Promise<SchoolRow[]> {
    return this.q(manager).query(
      `SELECT ${SCHOOL_COLUMNS} FROM school WHERE ${column === 'id' ? 'id = ANY($1::uuid[])' : 'obec_code = ANY($1::text[])'}`,
      [column === 'id' ? onlyUuids(keys) : keys],
    );
  }

  /** A page of schools plus the total, in one statement (window count). */
  async listSchools(
    filter: SchoolFilter,
    limit: number,
    offset: number,
  ): Promise<{ rows: SchoolRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.areaOfficeCode) add('area_office_code = ?', filter.areaOfficeCode);
    if (filter.provinceCode) add('province_code = ?', filter.provinceCode);
    if (filter.districtCode) add('district_code = ?', filter.districtCode);
    if (filter.status) add('status = ?', filter.status);
    if (filter.schoolType) add('school_type = ?', filter.schoolType);
    let order = 'obec_code';
    const search = filter.search?.trim();
    if (search) {
      params.push(likePattern(search), search, search.toLowerCase());
      const [p, exact, lower] = [params.length - 2, params.length - 1, params.length];
      where.push(
        `(name_th ILIKE $${p} OR lower(name_en) LIKE lower($${p}) OR obec_code = $${exact} OR smis_code = $${exact})`,
      );
      order = `GREATEST(similarity(name_th, $${exact}), similarity(lower(coalesce(name_en, '')), $${lower})) DESC, obec_code`;
    }
    params.push(limit, offset);
    const rows: Array<SchoolRow & { total: string }> = await this.db.query(
      `SELECT ${SCHOOL_COLUMNS}, count(*) OVER () AS total FROM school
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    if (rows.length === 0 && offset > 0) {
      // Past the end: the window count is not available, count separately.
      const [{ count }] = await this.db.query(
        `SELECT count(*)::int AS count FROM school ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
        params.slice(0, -2),
      );
      return { rows: [], total: count };
    }
    return {
      rows: rows.map(({ total: _t, ...row }) => row),
      total: rows.length ? Number(rows[0]!.total) : 0,
    };
  }

  async countSchoolsBy(
    column: 'area_office_code' | 'province_code',
    keys: readonly string[],
  ): Promise<Map<string, number>> {
    const rows: Array<{ key: string; count: number }> = await this.db.query(
      `SELECT ${column === 'area_office_code' ? 'area_office_code' : 'province_code'} AS key, count(*)::int AS count
         FROM school WHERE ${column === 'area_office_code' ? 'area_office_code' : 'province_code'} = ANY($1) GROUP BY 1`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.count]));
  }

  async statusHistory(schoolIds: readonly string[]): Promise<SchoolStatusChangeRow[]> {
    return this.db.query(
      `SELECT school_id AS "schoolId", from_status AS "fromStatus", to_status AS "toStatus", reason,
              to_char(effective_date, 'YYYY-MM-DD') AS "effectiveDate", merged_into_id AS "mergedIntoId",
              changed_by AS "changedBy", changed_at AS "changedAt"
         FROM school_status_change WHERE school_id = ANY($1) ORDER BY id`,
      [schoolIds],
    );
  }

  async insertSchool(
    manager: EntityManager,
    s: Omit<SchoolRow, 'id' | 'version' | 'updatedAt' | 'mergedIntoId' | 'status'>,
  ): Promise<SchoolRow> {
    const [row] = await manager.query(
      `INSERT INTO school (obec_code, smis_code, name_th, name_en, area_office_code, province_code, district_code,
                           latitude, longitude, levels, school_type, special_programmes)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING ${SCHOOL_COLUMNS}`,
      [
        s.obecCode,
        s.smisCode,
        s.nameTh,
        s.nameEn,
        s.areaOfficeCode,
        s.provinceCode,
        s.districtCode,
        s.latitude,
        s.longitude,
        s.levels,
        s.schoolType,
        s.specialProgrammes,
      ],
    );
    return row;
  }

  /** Write the new state and bump the version; returns null when the version moved meanwhile. */
  async updateSchool(
    manager: EntityManager,
    next: SchoolRow,
    expectedVersion: number,
  ): Promise<SchoolRow | null> {
    const rows: SchoolRow[] = await manager.query(
      `UPDATE school SET name_th = $3, name_en = $4, district_code = $5, latitude = $6, longitude = $7,
              levels = $8, school_type = $9, special_programmes = $10, status = $11, merged_into_id = $12,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING ${SCHOOL_COLUMNS}`,
      [
        next.id,
        expectedVersion,
        next.nameTh,
        next.nameEn,
        next.districtCode,
        next.latitude,
        next.longitude,
        next.levels,
        next.schoolType,
        next.specialProgrammes,
        next.status,
        next.mergedIntoId,
      ],
    );
    return returnedRows<SchoolRow>(rows)[0] ?? null;
  }

  async insertStatusChange(
    manager: EntityManager,
    change: Omit<SchoolStatusChangeRow, 'changedAt'>,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO school_status_change (school_id, from_status, to_status, reason, effective_date, merged_into_id, changed_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        change.schoolId,
        change.fromStatus,
        change.toStatus,
        change.reason,
        change.effectiveDate,
        change.mergedIntoId,
        change.changedBy,
      ],
    );
  }
}
