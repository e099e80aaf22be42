import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  ASSET_CATEGORIES,
  BUILDING_MODELS,
  BUILDING_TYPES,
  CAPITALISATION_THRESHOLDS,
  PROCUREMENT_METHOD_RULES,
} from '../modules/reference/reference-data';

/**
 * The reference data as it stood when this migration was written (rows with their sources). A later
 * correction is a new migration, so a database always says which figures it used.
 */
export class SeedAssetsReferenceData1796122866517 implements MigrationInterface {
  name = 'SeedAssetsReferenceData1796122866517';

  async up(q: QueryRunner): Promise<void> {
    for (const [i, t] of BUILDING_TYPES.entries())
      await q.query(
        `INSERT INTO building_type (code, category, name_th, name_en, sort) VALUES ($1, $2, $3, $4, $5)`,
        [t.code, t.category, t.nameTh, t.nameEn, i],
      );
    for (const m of BUILDING_MODELS)
      await q.query(
        `INSERT INTO building_model (code, type_code, description_th, source, verified) VALUES ($1, $2, $3, $4, $5)`,
        [m.code, m.typeCode, m.descriptionTh, m.source, m.verified],
      );
    for (const [i, c] of ASSET_CATEGORIES.entries())
      await q.query(
        `INSERT INTO asset_category (code, name_th, name_en, group_th, useful_life_years, computer, source, verified, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          c.code,
          c.nameTh,
          c.nameEn,
          c.groupTh,
          c.usefulLifeYears,
          c.computer ?? false,
          c.source,
          c.verified,
          i,
        ],
      );
    for (const t of CAPITALISATION_THRESHOLDS)
      await q.query(
        `INSERT INTO capitalisation_threshold (effective_from, amount, source, verified) VALUES ($1, $2, $3, $4)`,
        [t.effectiveFrom, t.amount, t.source, t.verified],
      );
    for (const [i, r] of PROCUREMENT_METHOD_RULES.entries())
      await q.query(
        `INSERT INTO procurement_method_rule (method, name_th, name_en, budget_above, budget_up_to, needs_ground, source, verified, sort)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [r.method, r.nameTh, r.nameEn, r.budgetAbove, r.budgetUpTo, r.needsGround, r.source, r.verified, i],
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'procurement_method_rule',
      'capitalisation_threshold',
      'asset_category',
      'building_model',
      'building_type',
    ])
      await q.query(`DELETE FROM ${table}`);
  }
}
