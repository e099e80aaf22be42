import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_RATES, LEDGER_ACCOUNTS, MONEY_SOURCES } from '../modules/subsidy/default-rates';

/** Reference data every deployment needs: money sources, the chart of accounts, default subsidy rates. */
export class SeedFinanceReferenceData1732406400401 implements MigrationInterface {
  name = 'SeedFinanceReferenceData1732406400401';

  async up(q: QueryRunner): Promise<void> {
    for (const [i, s] of MONEY_SOURCES.entries()) {
      await q.query(
        `INSERT INTO money_source (code, name_th, name_en, kind, sort_order) VALUES ($1,$2,$3,$4,$5)`,
        [s.code, s.nameTh, s.nameEn, s.kind, i + 1],
      );
    }
    for (const a of LEDGER_ACCOUNTS) {
      await q.query(`INSERT INTO ledger_account (code, name_th, name_en, type) VALUES ($1,$2,$3,$4)`, [
        a.code,
        a.nameTh,
        a.nameEn,
        a.type,
      ]);
    }
    for (const r of DEFAULT_RATES) {
      await q.query(
        `INSERT INTO subsidy_rate (fiscal_year, item, applies_to, amount_per_year, schedule, source, verified, note, updated_by)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'seed')`,
        [r.fiscalYear, r.item, r.appliesTo, r.amountPerYear, r.schedule, r.source, r.verified, r.note],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM subsidy_rate WHERE updated_by = 'seed'`);
    await q.query(`DELETE FROM ledger_account`);
    await q.query(`DELETE FROM money_source`);
  }
}
