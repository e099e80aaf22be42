import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-grade allocation line is the rate that applied and the head count: everything else on it
 * (level, rate per year, its fiscal year and scope, verified, rate per round) is the same for every
 * school paid at that rate, and the amount is rate per round × students. A national round wrote
 * ~1.5 million line rows (about 50 per school) — most of the allocation consumer's database work.
 *
 * Now each distinct rate line is stored once (`subsidy_rate_line`, by value: a rate changed later is a
 * new row, so a line keeps the rate it was computed with) and each item row holds its lines as two
 * arrays in grade order: `line_rates` (rate line ids) and `line_students`. `subsidy_allocation_line`
 * becomes a view with the old table's columns, so reads and analysts see the same rows.
 * Existing lines are moved in the same transaction.
 */
export class AllocationLinesByRateReference1765000000400 implements MigrationInterface {
  name = 'AllocationLinesByRateReference1765000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subsidy_rate_line (
        id serial PRIMARY KEY,
        item text NOT NULL,
        grade_level text NOT NULL,
        level text NOT NULL,
        rate_per_year numeric(14,2) NOT NULL,
        rate_fiscal_year int NOT NULL,
        rate_applies_to text NOT NULL,
        rate_verified boolean NOT NULL,
        rate_per_round numeric(14,2) NOT NULL,
        UNIQUE (item, grade_level, rate_per_year, rate_fiscal_year, rate_applies_to, rate_verified, rate_per_round, level)
      )`);
    await q.query(`
      ALTER TABLE subsidy_allocation_item
        ADD COLUMN line_rates int[] NOT NULL DEFAULT '{}',
        ADD COLUMN line_students int[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT subsidy_allocation_item_lines CHECK (cardinality(line_rates) = cardinality(line_students))`);
    await q.query(`
      INSERT INTO subsidy_rate_line (item, grade_level, level, rate_per_year, rate_fiscal_year, rate_applies_to,
                                     rate_verified, rate_per_round)
      SELECT DISTINCT item, grade_level, level, rate_per_year, rate_fiscal_year, rate_applies_to, rate_verified,
             rate_per_round
        FROM subsidy_allocation_line`);
    await q.query(
      `
      UPDATE subsidy_allocation_item i SET line_rates = x.rates, line_students = x.students
        FROM (SELECT l.allocation_id, l.item,
                     array_agg(r.id ORDER BY array_position($1::text[], l.grade_level)) AS rates,
                     array_agg(l.students ORDER BY array_position($1::text[], l.grade_level)) AS students
                FROM subsidy_allocation_line l
                JOIN subsidy_rate_line r
                  ON r.item = l.item AND r.grade_level = l.grade_level AND r.level = l.level
                 AND r.rate_per_year = l.rate_per_year AND r.rate_fiscal_year = l.rate_fiscal_year
                 AND r.rate_applies_to = l.rate_applies_to AND r.rate_verified = l.rate_verified
                 AND r.rate_per_round = l.rate_per_round
               GROUP BY l.allocation_id, l.item) x
       WHERE i.allocation_id = x.allocation_id AND i.item = x.item`,
      [GRADE_ORDER],
    );
    await q.query(`DROP TABLE subsidy_allocation_line`);
    await q.query(`
      CREATE VIEW subsidy_allocation_line AS
      SELECT i.allocation_id, i.item, r.grade_level, r.level, u.students, r.rate_per_year, r.rate_fiscal_year,
             r.rate_applies_to, r.rate_verified, r.rate_per_round, (r.rate_per_round * u.students)::numeric(14,2) AS amount
        FROM subsidy_allocation_item i
       CROSS JOIN LATERAL unnest(i.line_rates, i.line_students) AS u(rate_line_id, students)
        JOIN subsidy_rate_line r ON r.id = u.rate_line_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE subsidy_allocation_line_rows AS SELECT * FROM subsidy_allocation_line`);
    await q.query(`DROP VIEW subsidy_allocation_line`);
    await q.query(`ALTER TABLE subsidy_allocation_line_rows RENAME TO subsidy_allocation_line`);
    await q.query(`
      ALTER TABLE subsidy_allocation_line
        ALTER COLUMN level SET NOT NULL, ALTER COLUMN students SET NOT NULL,
        ALTER COLUMN rate_per_year SET NOT NULL, ALTER COLUMN rate_fiscal_year SET NOT NULL,
        ALTER COLUMN rate_applies_to SET NOT NULL, ALTER COLUMN rate_verified SET NOT NULL,
        ALTER COLUMN rate_per_round SET NOT NULL, ALTER COLUMN amount SET NOT NULL,
        ADD FOREIGN KEY (allocation_id) REFERENCES subsidy_allocation(id) ON DELETE CASCADE,
        ADD PRIMARY KEY (allocation_id, item, grade_level)`);
    await q.query(`
      ALTER TABLE subsidy_allocation_item DROP CONSTRAINT subsidy_allocation_item_lines,
        DROP COLUMN line_rates, DROP COLUMN line_students`);
    await q.query(`DROP TABLE subsidy_rate_line`);
  }
}

const GRADE_ORDER = [
  'K1',
  'K2',
  'K3',
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'M1',
  'M2',
  'M3',
  'M4',
  'M5',
  'M6',
];
