import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Spending (issue 15): `spending_entry` keeps each entry of `finance.spending.recorded.v1` once — an approved
 * voucher (+) or a payee's refund (−), in satang; its id is the key, so a replay under a new message id adds
 * nothing. A school's `spending` figures of a fiscal year are recomputed from its entries.
 */
export class SpendingEntry1796137344313 implements MigrationInterface {
  name = 'SpendingEntry1796137344313';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE spending_entry (
        entry_id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('VOUCHER', 'REFUND')),
        school_id uuid NOT NULL,
        fiscal_year int NOT NULL,
        entry_date date NOT NULL,
        amount bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX spending_entry_school_year ON spending_entry (school_id, fiscal_year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE spending_entry`);
  }
}
