import type { VisibilityFilter } from '@smss/auth';
import { onlyUuids } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import { childPages, Where, type Sql } from '../common/sql';

export interface StockTake {
  id: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  fiscalYear: number;
  startedOn: string;
  completedOn: string | null;
  status: 'IN_PROGRESS' | 'COMPLETED';
  /** Personal (who sat on the committee): withheld without pii:read, audited when read. */
  committeeStaffIds: string[];
  counts: { onRegister: number; found: number; missing: number; damaged: number; notCounted: number };
}

export interface StockTakeResult {
  id: string;
  stockTakeId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  assetId: string;
  result: 'FOUND' | 'MISSING' | 'DAMAGED';
  note: string | null;
  countedOn: string;
}

const SELECT = `
  SELECT t.id, t.school_id AS "schoolId", d.obec_code AS "schoolCode", d.area_office_code AS "areaOfficeCode",
         t.fiscal_year AS "fiscalYear", to_char(t.started_on, 'YYYY-MM-DD') AS "startedOn",
         to_char(t.completed_on, 'YYYY-MM-DD') AS "completedOn", t.status, t.committee_staff_ids AS "committeeStaffIds",
         json_build_object(
           'onRegister', (SELECT count(*) FROM stock_take_item i WHERE i.stock_take_id = t.id),
           'found', (SELECT count(*) FROM stock_take_item i WHERE i.stock_take_id = t.id AND i.result = 'FOUND'),
           'missing', (SELECT count(*) FROM stock_take_item i WHERE i.stock_take_id = t.id AND i.result = 'MISSING'),
           'damaged', (SELECT count(*) FROM stock_take_item i WHERE i.stock_take_id = t.id AND i.result = 'DAMAGED'),
           'notCounted', (SELECT count(*) FROM stock_take_item i WHERE i.stock_take_id = t.id AND i.result IS NULL)
         ) AS counts
    FROM stock_take t JOIN directory_school_replica d ON d.school_id = t.school_id`;

const RESULT_SELECT = `
  SELECT i.id, i.stock_take_id AS "stockTakeId", i.school_id AS "schoolId", d.obec_code AS "schoolCode",
         d.area_office_code AS "areaOfficeCode", i.asset_id AS "assetId", i.result, i.note,
         to_char(i.counted_on, 'YYYY-MM-DD') AS "countedOn"`;
const RESULT_FROM = `FROM stock_take_item i JOIN directory_school_replica d ON d.school_id = i.school_id`;

export class StockTakeRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: Sql = this.db): Promise<StockTake[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return manager.query(`${SELECT} WHERE t.id = ANY($1::uuid[])`, [valid]);
  }

  /** By `schoolId|fiscalYear` keys. */
  async bySchoolYears(keys: readonly string[]): Promise<StockTake[]> {
    const pairs = keys
      .map((k) => k.split('|'))
      .filter(([id, fy]) => onlyUuids([id!]).length && /^\d{4}$/.test(fy!));
    if (!pairs.length) return [];
    return this.db.query(
      `${SELECT} JOIN unnest($1::uuid[], $2::int[]) AS k(school_id, fiscal_year)
         ON k.school_id = t.school_id AND k.fiscal_year = t.fiscal_year`,
      [pairs.map((p) => p[0]), pairs.map((p) => Number(p[1]))],
    );
  }

  async lock(manager: EntityManager, id: string): Promise<StockTake | null> {
    const rows = await manager.query(`${SELECT} WHERE t.id = $1 FOR UPDATE OF t`, [id]);
    return rows[0] ?? null;
  }

  /** Open: the assets on the register that day (not disposed, acquired by then) become its items. */
  async open(
    manager: EntityManager,
    t: { schoolId: string; fiscalYear: number; startedOn: string; committeeStaffIds: string[] },
    by: string,
  ): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO stock_take (school_id, fiscal_year, started_on, status, committee_staff_ids, created_by)
       VALUES ($1, $2, $3, 'IN_PROGRESS', $4::uuid[], $5) RETURNING id`,
      [t.schoolId, t.fiscalYear, t.startedOn, t.committeeStaffIds, by],
    );
    await manager.query(
      `INSERT INTO stock_take_item (stock_take_id, school_id, asset_id, asset_code)
       SELECT $1, a.school_id, a.id, a.code FROM asset a
        WHERE a.school_id = $2 AND a.status <> 'DISPOSED' AND a.acquired_on <= $3`,
      [row.id, t.schoolId, t.startedOn],
    );
    return row.id;
  }

  /** Record results; returns the asset ids that are not items of this stock-take. */
  async record(
    manager: EntityManager,
    stockTakeId: string,
    results: Array<{ assetId: string; result: string; note: string | null }>,
    countedOn: string,
    by: string,
  ): Promise<string[]> {
    const updated: Array<{ asset_id: string }> = await manager
      .query(
        `UPDATE stock_take_item i SET result = u.result, note = u.note, counted_on = $5, counted_by = $6
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS u(asset_id, result, note)
        WHERE i.stock_take_id = $1 AND i.asset_id = u.asset_id RETURNING i.asset_id`,
        [
          stockTakeId,
          results.map((r) => r.assetId),
          results.map((r) => r.result),
          results.map((r) => r.note),
          countedOn,
          by,
        ],
      )
      .then((r) => (Array.isArray(r[0]) ? r[0] : r));
    const found = new Set(updated.map((u) => u.asset_id));
    return results.map((r) => r.assetId).filter((id) => !found.has(id));
  }

  async complete(manager: EntityManager, id: string, completedOn: string) {
    await manager.query(`UPDATE stock_take SET status = 'COMPLETED', completed_on = $2 WHERE id = $1`, [
      id,
      completedOn,
    ]);
  }

  /** Asset ids by result (for marking the register when a stock-take completes). */
  async itemsByResult(manager: Sql, id: string): Promise<Array<{ assetId: string; result: string | null }>> {
    return manager.query(
      `SELECT asset_id AS "assetId", result FROM stock_take_item WHERE stock_take_id = $1`,
      [id],
    );
  }

  /** StockTake.results for many stock-takes (filter key: a result or ``); counted items only. */
  resultPages(scope: VisibilityFilter) {
    return childPages<StockTakeResult, StockTakeResult>(this.db, {
      select: RESULT_SELECT,
      from: RESULT_FROM,
      parentColumn: 'i.stock_take_id',
      orderBy: 'i.asset_code, i.id',
      where: (result) => {
        const w = new Where(2).scope(scope).add('i.result IS NOT NULL');
        if (result) w.add('i.result = ?', result);
        return { sql: w.toString().replace(/^WHERE /, ''), params: w.params };
      },
      map: (r) => r,
    });
  }

  async resultsByIds(ids: readonly string[]): Promise<StockTakeResult[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    return this.db.query(`${RESULT_SELECT} ${RESULT_FROM} WHERE i.id = ANY($1::uuid[])`, [valid]);
  }
}
