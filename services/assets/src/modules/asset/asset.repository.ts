import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import { fiscalYearRange } from '@smss/thai';
import type { PageArgs } from '@smss/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { childPages, pageOf, Where, type Sql } from '../common/sql';
import { formatAssetCode } from './asset-code';
import type { Asset, AssetDisposal, AssetStatus, NewAsset, TeachingComputers } from './asset.types';

type AssetRow = Omit<Asset, 'createdAt'> & { createdAt: Date };
const toAsset = (r: AssetRow): Asset => ({ ...r, createdAt: r.createdAt.toISOString() });

const SELECT = `
  SELECT a.id, a.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         d.province_code AS "provinceCode", a.code, a.category_code AS "categoryCode", a.description,
         a.brand_model AS "brandModel", a.serial_number AS "serialNumber", a.acquisition_method AS "acquisitionMethod",
         to_char(a.acquired_on, 'YYYY-MM-DD') AS "acquiredOn",
         (extract(year FROM a.acquired_on)::int + 543 + CASE WHEN extract(month FROM a.acquired_on) >= 10 THEN 1 ELSE 0 END) AS "fiscalYearAcquired",
         a.cost, a.capitalised, a.useful_life_years AS "usefulLifeYears", a.usage, a.location, a.building_id AS "buildingId",
         a.custodian_staff_id AS "custodianStaffId", a.status, to_char(a.disposed_on, 'YYYY-MM-DD') AS "disposedOn",
         a.procurement_id AS "procurementId", a.version, a.created_at AS "createdAt"`;
const FROM = `FROM asset a JOIN directory_school_replica d ON d.school_id = a.school_id`;

type DisposalRow = AssetDisposal;
const DISPOSAL_COLUMNS = `
         x.id, x.asset_id AS "assetId", x.school_id AS "schoolId", d.obec_code AS "schoolCode",
         d.area_office_code AS "areaOfficeCode", x.method, x.reason, x.proceeds, x.recipient, x.status,
         x.asset_status_before AS "assetStatusBefore", to_char(x.requested_on, 'YYYY-MM-DD') AS "requestedOn",
         to_char(x.decided_on, 'YYYY-MM-DD') AS "decidedOn", to_char(x.disposed_on, 'YYYY-MM-DD') AS "disposedOn",
         x.decision_note AS "decisionNote", x.book_value_at_disposal AS "bookValueAtDisposal"`;
const DISPOSAL_FROM = `FROM asset_disposal x JOIN directory_school_replica d ON d.school_id = x.school_id`;
const DISPOSAL_SELECT = `SELECT ${DISPOSAL_COLUMNS} ${DISPOSAL_FROM}`;

export interface AssetFilter {
  schoolId?: string | null;
  categoryCode?: string | null;
  status?: AssetStatus | null;
  usage?: string | null;
  fiscalYearAcquired?: number | null;
  includeDisposed?: boolean | null;
  procurementId?: string | null;
}

function filterWhere(w: Where, f: AssetFilter): Where {
  if (f.schoolId) w.add('a.school_id = ?::uuid', f.schoolId);
  if (f.categoryCode) w.add('a.category_code = ?', f.categoryCode);
  if (f.status) w.add('a.status = ?', f.status);
  else if (!f.includeDisposed) w.add(`a.status <> 'DISPOSED'`);
  if (f.usage) w.add('a.usage = ?', f.usage);
  if (f.fiscalYearAcquired) {
    const { start, end } = fiscalYearRange(f.fiscalYearAcquired);
    w.add('a.acquired_on >= ?::date', start).add('a.acquired_on <= ?::date', end);
  }
  if (f.procurementId) w.add('a.procurement_id = ?::uuid', f.procurementId);
  return w;
}

export class AssetRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: Sql = this.db): Promise<Asset[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return (await manager.query(`${SELECT} ${FROM} WHERE a.id = ANY($1::uuid[])`, [valid])).map(toAsset);
  }

  async byCode(schoolId: string, code: string): Promise<Asset | null> {
    const rows = await this.db.query(`${SELECT} ${FROM} WHERE a.school_id = $1 AND a.code = $2`, [
      schoolId,
      code,
    ]);
    return rows[0] ? toAsset(rows[0]) : null;
  }

  async lockById(manager: EntityManager, id: string): Promise<Asset | null> {
    const rows = await manager.query(`${SELECT} ${FROM} WHERE a.id = $1 FOR UPDATE OF a`, [id]);
    return rows[0] ? toAsset(rows[0]) : null;
  }

  page(scope: VisibilityFilter, filter: AssetFilter, args: PageArgs) {
    return pageOf(
      this.db,
      SELECT,
      FROM,
      filterWhere(new Where().scope(scope), filter),
      'a.school_id, a.code, a.id',
      args,
      toAsset,
    );
  }

  /** Children pages: School.assets (parent a.school_id) or Procurement.assets (a.procurement_id); key = JSON filter. */
  pages(scope: VisibilityFilter, parentColumn: 'a.school_id' | 'a.procurement_id') {
    return childPages<AssetRow, Asset>(this.db, {
      select: SELECT,
      from: FROM,
      parentColumn,
      orderBy: 'a.code, a.id',
      where: (key) => {
        const w = filterWhere(new Where(2).scope(scope), key ? (JSON.parse(key) as AssetFilter) : {});
        return { sql: w.toString().replace(/^WHERE /, ''), params: w.params };
      },
      map: toAsset,
    });
  }

  /**
   * The next `count` asset codes of a school, category and fiscal year: the sequence row is locked
   * (so two registrations never get the same number) and advanced by `count`.
   */
  async nextCodes(
    manager: EntityManager,
    schoolId: string,
    categoryCode: string,
    fiscalYear: number,
    count: number,
  ) {
    const [row]: Array<{ last_number: number }> = await manager.query(
      `INSERT INTO asset_code_sequence (school_id, category_code, fiscal_year, last_number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id, category_code, fiscal_year) DO UPDATE SET last_number = asset_code_sequence.last_number + $4
       RETURNING last_number`,
      [schoolId, categoryCode, fiscalYear, count],
    );
    const last = row!.last_number;
    return Array.from({ length: count }, (_, i) =>
      formatAssetCode(categoryCode, last - count + 1 + i, fiscalYear),
    );
  }

  /** Insert many assets with one statement; returns their ids in order. */
  async insertMany(
    manager: EntityManager,
    items: Array<NewAsset & { code: string; capitalised: boolean; usefulLifeYears: number }>,
    createdBy: string,
  ): Promise<string[]> {
    if (!items.length) return [];
    const col = <K extends keyof (typeof items)[number]>(k: K) => items.map((i) => i[k]);
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO asset (school_id, code, category_code, description, brand_model, serial_number, acquisition_method,
                          acquired_on, cost, capitalised, useful_life_years, usage, location, building_id,
                          custodian_staff_id, procurement_id, created_by)
       SELECT u.school_id, u.code, u.category_code, u.description, u.brand_model, u.serial_number, u.acquisition_method,
              u.acquired_on, u.cost, u.capitalised, u.useful_life_years, u.usage, u.location, u.building_id,
              u.custodian_staff_id, u.procurement_id, $17
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[],
                     $9::numeric[], $10::boolean[], $11::int[], $12::text[], $13::text[], $14::uuid[], $15::uuid[], $16::uuid[])
              WITH ORDINALITY AS u(school_id, code, category_code, description, brand_model, serial_number, acquisition_method,
                                   acquired_on, cost, capitalised, useful_life_years, usage, location, building_id,
                                   custodian_staff_id, procurement_id, n)
        ORDER BY u.n
       RETURNING id`,
      [
        col('schoolId'),
        col('code'),
        col('categoryCode'),
        col('description'),
        col('brandModel'),
        col('serialNumber'),
        col('acquisitionMethod'),
        col('acquiredOn'),
        col('cost'),
        col('capitalised'),
        col('usefulLifeYears'),
        col('usage'),
        col('location'),
        col('buildingId'),
        col('custodianStaffId'),
        col('procurementId'),
        createdBy,
      ],
    );
    return rows.map((r) => r.id);
  }

  async update(
    manager: EntityManager,
    id: string,
    f: Pick<
      Asset,
      | 'description'
      | 'brandModel'
      | 'serialNumber'
      | 'usage'
      | 'location'
      | 'buildingId'
      | 'custodianStaffId'
      | 'status'
    >,
  ): Promise<void> {
    await manager.query(
      `UPDATE asset SET description = $2, brand_model = $3, serial_number = $4, usage = $5, location = $6, building_id = $7,
              custodian_staff_id = $8, status = $9, version = version + 1, updated_at = now() WHERE id = $1`,
      [
        id,
        f.description,
        f.brandModel,
        f.serialNumber,
        f.usage,
        f.location,
        f.buildingId,
        f.custodianStaffId,
        f.status,
      ],
    );
  }

  async setStatus(
    manager: EntityManager,
    ids: readonly string[],
    status: AssetStatus,
    disposedOn: string | null = null,
  ) {
    if (!ids.length) return;
    await manager.query(
      `UPDATE asset SET status = $2, disposed_on = $3, version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, status, disposedOn],
    );
  }

  // ---- disposals ----

  async disposalsByIds(ids: readonly string[], manager: Sql = this.db): Promise<AssetDisposal[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(`${DISPOSAL_SELECT} WHERE x.id = ANY($1::uuid[])`, [valid]) as Promise<
      DisposalRow[]
    >;
  }

  /** The latest disposal request of each asset. */
  async latestDisposals(assetIds: readonly string[]): Promise<AssetDisposal[]> {
    const valid = onlyUuids(assetIds);
    if (!valid.length) return [];
    return this.db.query(
      `SELECT DISTINCT ON (x.asset_id) ${DISPOSAL_COLUMNS} ${DISPOSAL_FROM}
        WHERE x.asset_id = ANY($1::uuid[]) ORDER BY x.asset_id, x.created_at DESC`,
      [valid],
    );
  }

  async insertDisposal(
    manager: EntityManager,
    d: Pick<
      AssetDisposal,
      | 'assetId'
      | 'schoolId'
      | 'method'
      | 'reason'
      | 'proceeds'
      | 'recipient'
      | 'assetStatusBefore'
      | 'requestedOn'
    >,
    by: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO asset_disposal (asset_id, school_id, method, reason, proceeds, recipient, status, asset_status_before,
                                   requested_on, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, $8, $9) RETURNING id`,
      [
        d.assetId,
        d.schoolId,
        d.method,
        d.reason,
        d.proceeds,
        d.recipient,
        d.assetStatusBefore,
        d.requestedOn,
        by,
      ],
    );
    return row.id;
  }

  async lockDisposal(manager: EntityManager, id: string): Promise<AssetDisposal | null> {
    const rows = await manager.query(`${DISPOSAL_SELECT} WHERE x.id = $1 FOR UPDATE OF x`, [id]);
    return rows[0] ?? null;
  }

  async decideDisposal(
    manager: EntityManager,
    id: string,
    d: {
      approved: boolean;
      decidedOn: string;
      disposedOn: string | null;
      note: string | null;
      bookValue: string | null;
    },
    by: string,
  ) {
    await manager.query(
      `UPDATE asset_disposal SET status = $2, decided_on = $3, disposed_on = $4, decision_note = $5,
              book_value_at_disposal = $6, decided_by = $7 WHERE id = $1`,
      [id, d.approved ? 'APPROVED' : 'REJECTED', d.decidedOn, d.disposedOn, d.note, d.bookValue, by],
    );
  }

  // ---- infrastructure figures ----

  /** Computers for teaching on the register (not disposed), by age in whole years on `today`. */
  async teachingComputers(
    schoolIds: readonly string[],
    today: string,
    manager: Sql = this.db,
  ): Promise<TeachingComputers[]> {
    const valid = onlyUuids(schoolIds);
    if (!valid.length) return [];
    return manager.query(
      `SELECT a.school_id AS "schoolId", count(*)::int AS total,
              (count(*) FILTER (WHERE age.years < 3))::int AS "underThreeYears",
              (count(*) FILTER (WHERE age.years BETWEEN 3 AND 5))::int AS "threeToFiveYears",
              (count(*) FILTER (WHERE age.years > 5))::int AS "overFiveYears",
              round(avg(($2::date - a.acquired_on) / 365.25), 1)::float8 AS "averageAgeYears"
         FROM asset a
         JOIN asset_category c ON c.code = a.category_code AND c.computer
        CROSS JOIN LATERAL (SELECT extract(year FROM age($2::date, a.acquired_on))::int AS years) age
        WHERE a.school_id = ANY($1::uuid[]) AND a.usage = 'TEACHING' AND a.status <> 'DISPOSED' AND a.acquired_on <= $2::date
        GROUP BY a.school_id`,
      [valid, today],
    );
  }

  /** Every asset of a school on the register at some time in a fiscal year (the register export). */
  async onRegisterDuring(schoolId: string, start: string, end: string): Promise<Asset[]> {
    const rows = await this.db.query(
      `${SELECT} ${FROM} WHERE a.school_id = $1 AND a.acquired_on <= $3 AND (a.disposed_on IS NULL OR a.disposed_on > $2)
        ORDER BY a.code`,
      [schoolId, start, end],
    );
    return rows.map(toAsset);
  }
}
