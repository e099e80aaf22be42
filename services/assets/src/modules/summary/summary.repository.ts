import { toMoneyString } from '@smss/money';
import type { DataSource, EntityManager } from 'typeorm';
import type { Sql } from '../common/sql';

/*
 * The area office and province summaries read per-school figures kept current by every writer, so a
 * national view adds up at most 29,000 rows per fiscal year — never a GROUP BY over millions of assets
 * (docs/architecture.md, "War room"):
 *   school_asset_summary — buildings by condition (not demolished), whether the school has internet;
 *   school_asset_value   — per fiscal year: assets on the register at 30 September, capitalised ones,
 *                          their cost and book value (the depreciation rules of depreciation.ts in SQL).
 * Values are materialised for the fiscal years listed in asset_value_year; a year asked for the first
 * time is computed for every school at once (one pass over the register), then kept current.
 * `fromRegister` computes the same figures from the registers themselves: the tests check both agree,
 * and the benchmark measures it as the baseline.
 */

/** The advisory lock that orders writers (shared) against the first computation of a year (exclusive). */
const VALUE_LOCK = 0x6173_7365; // 'asse'

/**
 * Per school and fiscal year `y.fy` (with `y.fy_end`): the assets on the register at the year's end and
 * the book value of the capitalised ones — straight line on the full cost, the first fiscal year by
 * days, 1.00 baht kept (depreciation.ts; the closed form: accumulated = least(cost − 1, first + A × years since)).
 */
const VALUES_SELECT = `
  SELECT a.school_id, y.fy AS fiscal_year,
         count(*)::int AS assets,
         (count(*) FILTER (WHERE a.capitalised))::int AS capitalised,
         sum(a.cost) AS cost,
         coalesce(sum(a.cost - LEAST(a.cost - 1.00, dep.first_charge + dep.annual * (y.fy - dep.f0)))
                  FILTER (WHERE a.capitalised), 0) AS book_value
    FROM asset a
   CROSS JOIN LATERAL (
     SELECT f.f0, f.annual,
            CASE WHEN f.days_in_use = f.days_in_year THEN f.annual
                 ELSE round(f.annual * f.days_in_use / f.days_in_year, 2) END AS first_charge
       FROM (SELECT fy0 AS f0,
                    round(a.cost / a.useful_life_years, 2) AS annual,
                    make_date(fy0 - 543, 9, 30) - a.acquired_on + 1 AS days_in_use,
                    make_date(fy0 - 543, 9, 30) - make_date(fy0 - 544, 10, 1) + 1 AS days_in_year
               FROM (SELECT extract(year FROM a.acquired_on)::int + 543
                            + CASE WHEN extract(month FROM a.acquired_on) >= 10 THEN 1 ELSE 0 END AS fy0) s) f
   ) dep`;
const ON_REGISTER = `a.acquired_on <= y.fy_end AND (a.disposed_on IS NULL OR a.disposed_on > y.fy_end)`;
const yearsOf = (fy: string) => `(SELECT ${fy} AS fy, make_date(${fy} - 543, 9, 30) AS fy_end)`;

export interface AssetSummaryRow {
  key: string;
  fiscalYear: number;
  schools: number;
  buildings: { good: number; needsRepair: number; dilapidated: number; unsafe: number; total: number };
  assets: number;
  capitalisedAssets: number;
  assetCost: string;
  bookValue: string;
  schoolsWithInternet: number;
  schoolsWithoutInternet: number;
  schoolsNotReporting: number;
}

interface RawSummary {
  key: string;
  schools: number;
  good: number;
  needs_repair: number;
  dilapidated: number;
  unsafe: number;
  assets: number;
  capitalised: number;
  cost: string;
  book_value: string;
  with_internet: number;
  without_internet: number;
  not_reporting: number;
}

const toSummary =
  (fiscalYear: number) =>
  (r: RawSummary): AssetSummaryRow => ({
    key: r.key,
    fiscalYear,
    schools: r.schools,
    buildings: {
      good: r.good,
      needsRepair: r.needs_repair,
      dilapidated: r.dilapidated,
      unsafe: r.unsafe,
      total: r.good + r.needs_repair + r.dilapidated + r.unsafe,
    },
    assets: r.assets,
    capitalisedAssets: r.capitalised,
    assetCost: toMoneyString(r.cost),
    bookValue: toMoneyString(r.book_value),
    schoolsWithInternet: r.with_internet,
    schoolsWithoutInternet: r.without_internet,
    schoolsNotReporting: r.not_reporting,
  });

export type SummaryLevel = 'AREA_OFFICE' | 'PROVINCE';
const keyColumn = (level: SummaryLevel) =>
  level === 'AREA_OFFICE' ? 'd.area_office_code' : 'd.province_code';

export class SummaryRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Recompute the per-school figures of these schools inside the writer's transaction (after its
   * changes): buildings by condition, internet, and the values of every materialised fiscal year.
   */
  async refreshSchools(manager: EntityManager, schoolIds: readonly string[]): Promise<void> {
    if (!schoolIds.length) return;
    const ids = [...new Set(schoolIds)];
    await manager.query(`SELECT pg_advisory_xact_lock_shared($1)`, [VALUE_LOCK]);
    await manager.query(
      `INSERT INTO school_asset_summary (school_id, good, needs_repair, dilapidated, unsafe, internet, updated_at)
       SELECT s.id,
              count(b.id) FILTER (WHERE b.condition = 'GOOD'), count(b.id) FILTER (WHERE b.condition = 'NEEDS_REPAIR'),
              count(b.id) FILTER (WHERE b.condition = 'DILAPIDATED'), count(b.id) FILTER (WHERE b.condition = 'UNSAFE'),
              (SELECT i.internet_connected FROM infrastructure i WHERE i.school_id = s.id), now()
         FROM unnest($1::uuid[]) AS s(id)
         LEFT JOIN building b ON b.school_id = s.id AND b.status <> 'DEMOLISHED'
        GROUP BY s.id
       ON CONFLICT (school_id) DO UPDATE SET good = EXCLUDED.good, needs_repair = EXCLUDED.needs_repair,
              dilapidated = EXCLUDED.dilapidated, unsafe = EXCLUDED.unsafe, internet = EXCLUDED.internet,
              updated_at = now()`,
      [ids],
    );
    await manager.query(`DELETE FROM school_asset_value WHERE school_id = ANY($1::uuid[])`, [ids]);
    await manager.query(
      `INSERT INTO school_asset_value (school_id, fiscal_year, assets, capitalised, cost, book_value)
       ${VALUES_SELECT}
       CROSS JOIN (SELECT fiscal_year AS fy, make_date(fiscal_year - 543, 9, 30) AS fy_end FROM asset_value_year) y
       WHERE a.school_id = ANY($1::uuid[]) AND ${ON_REGISTER}
       GROUP BY a.school_id, y.fy`,
      [ids],
    );
  }

  /** Recompute every school's figures in a few set-based statements (after a bulk load or a repair). */
  async refreshAllSchools(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [VALUE_LOCK]);
    await manager.query(`DELETE FROM school_asset_summary`);
    await manager.query(
      `INSERT INTO school_asset_summary (school_id, good, needs_repair, dilapidated, unsafe, internet)
       SELECT s.school_id, coalesce(b.good, 0), coalesce(b.needs_repair, 0), coalesce(b.dilapidated, 0), coalesce(b.unsafe, 0),
              i.internet_connected
         FROM (SELECT school_id FROM building UNION SELECT school_id FROM infrastructure) s
         LEFT JOIN (SELECT school_id, count(*) FILTER (WHERE condition = 'GOOD') AS good,
                           count(*) FILTER (WHERE condition = 'NEEDS_REPAIR') AS needs_repair,
                           count(*) FILTER (WHERE condition = 'DILAPIDATED') AS dilapidated,
                           count(*) FILTER (WHERE condition = 'UNSAFE') AS unsafe
                      FROM building WHERE status <> 'DEMOLISHED' GROUP BY school_id) b ON b.school_id = s.school_id
         LEFT JOIN infrastructure i ON i.school_id = s.school_id`,
    );
    await manager.query(`DELETE FROM school_asset_value`);
    await manager.query(
      `INSERT INTO school_asset_value (school_id, fiscal_year, assets, capitalised, cost, book_value)
       ${VALUES_SELECT}
       CROSS JOIN (SELECT fiscal_year AS fy, make_date(fiscal_year - 543, 9, 30) AS fy_end FROM asset_value_year) y
       WHERE ${ON_REGISTER}
       GROUP BY a.school_id, y.fy`,
    );
  }

  /** Make sure the per-school values of these fiscal years exist (computed once, for every school). */
  async ensureYears(fiscalYears: readonly number[]): Promise<void> {
    const wanted = [...new Set(fiscalYears)];
    const known: Array<{ fiscal_year: number }> = await this.db.query(
      `SELECT fiscal_year FROM asset_value_year WHERE fiscal_year = ANY($1::int[])`,
      [wanted],
    );
    const missing = wanted.filter((y) => !known.some((k) => k.fiscal_year === y));
    for (const fy of missing) {
      await this.db.transaction(async (m) => {
        await m.query(`SELECT pg_advisory_xact_lock($1)`, [VALUE_LOCK]);
        const [done] = await m.query(`SELECT 1 FROM asset_value_year WHERE fiscal_year = $1`, [fy]);
        if (done) return;
        await m.query(
          `INSERT INTO school_asset_value (school_id, fiscal_year, assets, capitalised, cost, book_value)
           ${VALUES_SELECT} CROSS JOIN ${yearsOf('$1::int')} y WHERE ${ON_REGISTER} GROUP BY a.school_id, y.fy`,
          [fy],
        );
        await m.query(`INSERT INTO asset_value_year (fiscal_year) VALUES ($1)`, [fy]);
      });
    }
  }

  /** The summaries of these area offices or provinces for a fiscal year (missing keys: no school there). */
  async summaries(
    level: SummaryLevel,
    keys: readonly string[],
    fiscalYear: number,
  ): Promise<AssetSummaryRow[]> {
    await this.ensureYears([fiscalYear]);
    const rows: RawSummary[] = await this.db.query(
      `SELECT ${keyColumn(level)} AS key,
              (count(*) FILTER (WHERE d.status = 'OPEN'))::int AS schools,
              coalesce(sum(s.good), 0)::int AS good, coalesce(sum(s.needs_repair), 0)::int AS needs_repair,
              coalesce(sum(s.dilapidated), 0)::int AS dilapidated, coalesce(sum(s.unsafe), 0)::int AS unsafe,
              coalesce(sum(v.assets), 0)::int AS assets, coalesce(sum(v.capitalised), 0)::int AS capitalised,
              coalesce(sum(v.cost), 0) AS cost, coalesce(sum(v.book_value), 0) AS book_value,
              (count(*) FILTER (WHERE d.status = 'OPEN' AND s.internet IS TRUE))::int AS with_internet,
              (count(*) FILTER (WHERE d.status = 'OPEN' AND s.internet IS FALSE))::int AS without_internet,
              (count(*) FILTER (WHERE d.status = 'OPEN' AND s.internet IS NULL))::int AS not_reporting
         FROM directory_school_replica d
         LEFT JOIN school_asset_summary s ON s.school_id = d.school_id
         LEFT JOIN school_asset_value v ON v.school_id = d.school_id AND v.fiscal_year = $2
        WHERE ${keyColumn(level)} = ANY($1::text[])
        GROUP BY 1`,
      [keys, fiscalYear],
    );
    return rows.map(toSummary(fiscalYear));
  }

  /**
   * The same figures computed from the registers themselves (buildings, infrastructure, every asset
   * with its depreciation): what a report without the per-school table would run. The benchmark's
   * baseline, and the tests' check that the kept figures are right.
   */
  async fromRegister(level: SummaryLevel, keys: readonly string[], fiscalYear: number, db: Sql = this.db) {
    const rows: RawSummary[] = await db.query(
      `WITH sc AS (SELECT d.school_id, ${keyColumn(level)} AS key, d.status FROM directory_school_replica d
                    WHERE ${keyColumn(level)} = ANY($1::text[])),
            b AS (SELECT sc.key,
                         count(*) FILTER (WHERE x.condition = 'GOOD')::int AS good,
                         count(*) FILTER (WHERE x.condition = 'NEEDS_REPAIR')::int AS needs_repair,
                         count(*) FILTER (WHERE x.condition = 'DILAPIDATED')::int AS dilapidated,
                         count(*) FILTER (WHERE x.condition = 'UNSAFE')::int AS unsafe
                    FROM building x JOIN sc ON sc.school_id = x.school_id
                   WHERE x.status <> 'DEMOLISHED' GROUP BY sc.key),
            v AS (SELECT sc.key, sum(t.assets)::int AS assets, sum(t.capitalised)::int AS capitalised,
                         sum(t.cost) AS cost, sum(t.book_value) AS book_value
                    FROM (${VALUES_SELECT} CROSS JOIN ${yearsOf('$2::int')} y WHERE ${ON_REGISTER}
                          AND a.school_id IN (SELECT school_id FROM sc) GROUP BY a.school_id, y.fy) t
                    JOIN sc ON sc.school_id = t.school_id GROUP BY sc.key),
            i AS (SELECT sc.key, (count(*) FILTER (WHERE sc.status = 'OPEN'))::int AS schools,
                         (count(*) FILTER (WHERE sc.status = 'OPEN' AND inf.internet_connected))::int AS with_internet,
                         (count(*) FILTER (WHERE sc.status = 'OPEN' AND NOT inf.internet_connected))::int AS without_internet,
                         (count(*) FILTER (WHERE sc.status = 'OPEN' AND inf.school_id IS NULL))::int AS not_reporting
                    FROM sc LEFT JOIN infrastructure inf ON inf.school_id = sc.school_id GROUP BY sc.key)
       SELECT i.key, i.schools, coalesce(b.good, 0) AS good, coalesce(b.needs_repair, 0) AS needs_repair,
              coalesce(b.dilapidated, 0) AS dilapidated, coalesce(b.unsafe, 0) AS unsafe,
              coalesce(v.assets, 0) AS assets, coalesce(v.capitalised, 0) AS capitalised,
              coalesce(v.cost, 0) AS cost, coalesce(v.book_value, 0) AS book_value,
              i.with_internet, i.without_internet, i.not_reporting
         FROM i LEFT JOIN b ON b.key = i.key LEFT JOIN v ON v.key = i.key`,
      [keys, fiscalYear],
    );
    return rows.map(toSummary(fiscalYear));
  }
}

/** An empty summary (no school of the directory replica there). */
export const emptySummary = (key: string, fiscalYear: number): AssetSummaryRow => ({
  key,
  fiscalYear,
  schools: 0,
  buildings: { good: 0, needsRepair: 0, dilapidated: 0, unsafe: 0, total: 0 },
  assets: 0,
  capitalisedAssets: 0,
  assetCost: '0.00',
  bookValue: '0.00',
  schoolsWithInternet: 0,
  schoolsWithoutInternet: 0,
  schoolsNotReporting: 0,
});
