import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { TRUST_MIGRATIONS } from '@smss/trust';
import { createTestDatabase, type TestDatabase } from '@smss/testing';
import { migrations } from '../src/migrations';
import { AllocationLinesByRateReference1765000000400 } from '../src/migrations/1765000000400-allocation-lines-by-rate-reference';

let db: TestDatabase;
let pg: Client;
beforeAll(async () => {
  db = await createTestDatabase('finance_lines_move');
  pg = new Client({ connectionString: db.url });
  await pg.connect();
});
afterAll(async () => {
  await pg.end();
  await db.drop();
});

const runner = {
  query: (sql: string, params?: unknown[]) => pg.query(sql, params).then((r) => r.rows),
} as unknown as QueryRunner;

const ALLOCATION = '3f0c1d4e-1d2a-4c43-9a57-1f0f6c1b2a11';
const SCHOOL = '6f1c1d4e-1d2a-4c43-9a57-1f0f6c1b2a12';
const LINE_COLUMNS = `allocation_id, item, grade_level, level, students, rate_per_year, rate_fiscal_year, rate_applies_to,
  rate_verified, rate_per_round, amount`;
const lines = () =>
  pg
    .query(`SELECT ${LINE_COLUMNS} FROM subsidy_allocation_line ORDER BY item, grade_level`)
    .then((r) => r.rows);

describe('moving per-grade allocation lines to rate references', () => {
  it('keeps every line of an existing allocation readable with the same values, and moves them back on down', async () => {
    const move = migrations.findIndex((m) => m === AllocationLinesByRateReference1765000000400);
    expect(move).toBeGreaterThan(0);
    // A database as the previous release left it, with an allocation and its line rows.
    // bootService adds the trust layer's migrations; TypeORM runs them all by timestamp.
    const timestamp = (m: { name: string }) => Number(/(\d{13})$/.exec(m.name)![1]);
    const before = [...migrations.slice(0, move), ...TRUST_MIGRATIONS].sort(
      (a, b) => timestamp(a) - timestamp(b),
    );
    for (const M of before) await new M().up(runner);
    await pg.query(
      `INSERT INTO subsidy_allocation (id, school_id, school_code, area_office_code, province_code, round_id, academic_year,
                                       round, as_of_date, fiscal_year, snapshot_id, snapshot_version, total)
       VALUES ($1, $2, '1016010001', '1601', '16', gen_random_uuid(), 2568, 'TERM2', '2025-11-10', 2569, gen_random_uuid(), 1, 30500.00)`,
      [ALLOCATION, SCHOOL],
    );
    await pg.query(
      `INSERT INTO subsidy_allocation_item (allocation_id, item, school_id, fiscal_year, area_office_code, province_code,
                                            round, students, amount)
       VALUES ($1, 'TUITION', $2, 2569, '1601', '16', 'TERM2', 30, 27500.00),
              ($1, 'EEF_CONDITIONAL_CASH_TRANSFER', $2, 2569, '1601', '16', 'TERM2', 2, 3000.00)`,
      [ALLOCATION, SCHOOL],
    );
    await pg.query(
      `INSERT INTO subsidy_allocation_line (${LINE_COLUMNS}) VALUES
         ($1, 'TUITION', 'P1', 'PRIMARY', 20, 1900.00, 2553, 'PRIMARY', false, 950.00, 19000.00),
         ($1, 'TUITION', 'K2', 'PRE_PRIMARY', 10, 1700.00, 2553, 'PRE_PRIMARY', false, 850.00, 8500.00),
         ($1, 'EEF_CONDITIONAL_CASH_TRANSFER', 'P1', 'PRIMARY', 2, 3000.00, 2566, 'PRIMARY', true, 1500.00, 3000.00)`,
      [ALLOCATION],
    );
    const old = await lines();

    await new AllocationLinesByRateReference1765000000400().up(runner);
    expect(await lines()).toEqual(old);
    const { rows: items } = await pg.query(
      `SELECT item, cardinality(line_rates) AS n, line_students FROM subsidy_allocation_item ORDER BY item`,
    );
    // Lines in grade order (K2 before P1), each rate line stored once.
    expect(items).toEqual([
      { item: 'EEF_CONDITIONAL_CASH_TRANSFER', n: 1, line_students: [2] },
      { item: 'TUITION', n: 2, line_students: [10, 20] },
    ]);
    const { rows: rates } = await pg.query(`SELECT count(*)::int AS n FROM subsidy_rate_line`);
    expect(rates[0].n).toBe(3);

    await new AllocationLinesByRateReference1765000000400().down(runner);
    expect(await lines()).toEqual(old);
    const { rows: kind } = await pg.query(
      `SELECT relkind FROM pg_class WHERE relname = 'subsidy_allocation_line'`,
    );
    expect(kind).toEqual([{ relkind: 'r' }]);
  });
});
