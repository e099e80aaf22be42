import type { DataSource, EntityManager } from 'typeorm';
import { defaultWindow, ROUND_MONTHS, type ReportingRoundRecord } from './round.rules';

const SELECT = `SELECT id, fiscal_year AS "fiscalYear", month, to_char(opens_on, 'YYYY-MM-DD') AS "opensOn",
                       to_char(closes_on, 'YYYY-MM-DD') AS "closesOn"
                  FROM reporting_round`;

/** SQL for the reporting rounds. */
export class RoundRepository {
  constructor(private readonly db: DataSource) {}

  /** The four rounds of a year with default windows, where missing (inside the caller's transaction). */
  async ensureYear(manager: EntityManager, fiscalYear: number, by: string): Promise<void> {
    const windows = ROUND_MONTHS.map((m) => defaultWindow(fiscalYear, m));
    await manager.query(
      `INSERT INTO reporting_round (fiscal_year, month, opens_on, closes_on, updated_by)
       SELECT $1, u.month, u.opens_on, u.closes_on, $5
         FROM unnest($2::int[], $3::date[], $4::date[]) AS u(month, opens_on, closes_on)
       ON CONFLICT (fiscal_year, month) DO NOTHING`,
      [fiscalYear, [...ROUND_MONTHS], windows.map((w) => w.opensOn), windows.map((w) => w.closesOn), by],
    );
  }

  async byYear(fiscalYear: number, manager: EntityManager = this.db.manager): Promise<ReportingRoundRecord[]> {
    return manager.query(`${SELECT} WHERE fiscal_year = $1 ORDER BY month`, [fiscalYear]);
  }

  async byYearAndMonth(
    fiscalYear: number,
    month: number,
    manager: EntityManager = this.db.manager,
  ): Promise<ReportingRoundRecord | null> {
    const [row] = await manager.query(`${SELECT} WHERE fiscal_year = $1 AND month = $2`, [fiscalYear, month]);
    return row ?? null;
  }

  async byIds(ids: readonly string[]): Promise<ReportingRoundRecord[]> {
    if (!ids.length) return [];
    return this.db.query(`${SELECT} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async schedule(
    manager: EntityManager,
    r: { fiscalYear: number; month: number; opensOn: string; closesOn: string },
    by: string,
  ): Promise<ReportingRoundRecord> {
    const [row] = await manager.query(
      `INSERT INTO reporting_round (fiscal_year, month, opens_on, closes_on, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (fiscal_year, month) DO UPDATE
         SET opens_on = EXCLUDED.opens_on, closes_on = EXCLUDED.closes_on, updated_by = EXCLUDED.updated_by,
             updated_at = now()
       RETURNING id`,
      [r.fiscalYear, r.month, r.opensOn, r.closesOn, by],
    );
    return (await manager.query(`${SELECT} WHERE id = $1`, [row.id]))[0];
  }
}
