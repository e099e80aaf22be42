import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Progress of the demo data load (`DEMO_DATA`, demo/seed.ts): one row per finished step. A load
 * interrupted half-way (Ctrl-C during the first start) is completed by the next start instead of
 * being mistaken for real data and skipped for ever. Empty outside demo deployments.
 */
export class CreateDemoSeedStep1764900000300 implements MigrationInterface {
  name = 'CreateDemoSeedStep1764900000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE demo_seed_step (
        step text PRIMARY KEY,
        detail jsonb NOT NULL DEFAULT '{}',
        done_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE demo_seed_step`);
  }
}
