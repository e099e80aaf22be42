import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RETENTION_RULES } from '../modules/retention/retention.rules';

/** The retention rules as data, with their source (see retention.rules.ts). */
export class SeedRetentionRules1796122875794 implements MigrationInterface {
  name = 'SeedRetentionRules1796122875794';

  async up(q: QueryRunner): Promise<void> {
    for (const [i, r] of RETENTION_RULES.entries())
      await q.query(
        `INSERT INTO retention_rule (code, years, name_th, name_en, source, verified, sort) VALUES ($1,$2,$3,$4,$5,$6,$7)
         ON CONFLICT (code) DO UPDATE SET years = EXCLUDED.years, name_th = EXCLUDED.name_th, name_en = EXCLUDED.name_en,
           source = EXCLUDED.source, verified = EXCLUDED.verified, sort = EXCLUDED.sort`,
        [r.code, r.years, r.nameTh, r.nameEn, r.source, r.verified, i],
      );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM retention_rule`);
  }
}
