import type { DataSource } from 'typeorm';
import type { Sql } from '../common/sql';
import type { BuildingReference } from '../building/building.import';
import type { BuildingCategory } from './reference-data';

export interface BuildingTypeRow {
  code: string;
  category: BuildingCategory;
  nameTh: string;
  nameEn: string;
}
export interface BuildingModelRow {
  code: string;
  typeCode: string;
  descriptionTh: string;
  source: string;
  verified: boolean;
}
export interface AssetCategory {
  code: string;
  classCode: string;
  typeCode: string;
  nameTh: string;
  nameEn: string;
  groupTh: string;
  usefulLifeYears: number;
  computer: boolean;
  source: string;
  verified: boolean;
}
export interface CapitalisationThreshold {
  effectiveFrom: string;
  amount: string;
  source: string;
  verified: boolean;
}
export interface ProcurementMethodRule {
  method: string;
  nameTh: string;
  nameEn: string;
  budgetAbove: string | null;
  budgetUpTo: string | null;
  needsGround: boolean;
  source: string;
  verified: boolean;
}

/**
 * The reference tables (seeded by a migration, with sources). Small and read often: loaded once per
 * process and kept, since they change only by migration.
 */
export class ReferenceRepository {
  private cache?: Promise<{
    types: BuildingTypeRow[];
    models: BuildingModelRow[];
    categories: AssetCategory[];
    thresholds: CapitalisationThreshold[];
    methods: ProcurementMethodRule[];
  }>;

  constructor(private readonly db: DataSource) {}

  private all() {
    this.cache ??= (async () => {
      const [types, models, categories, thresholds, methods] = await Promise.all([
        this.db.query(
          `SELECT code, category, name_th AS "nameTh", name_en AS "nameEn" FROM building_type ORDER BY sort`,
        ),
        this.db.query(
          `SELECT code, type_code AS "typeCode", description_th AS "descriptionTh", source, verified FROM building_model ORDER BY code`,
        ),
        this.db.query(
          `SELECT code, split_part(code, '-', 1) AS "classCode", split_part(code, '-', 2) AS "typeCode", name_th AS "nameTh",
                  name_en AS "nameEn", group_th AS "groupTh", useful_life_years AS "usefulLifeYears", computer, source, verified
             FROM asset_category ORDER BY sort`,
        ),
        this.db.query(
          `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", amount, source, verified
             FROM capitalisation_threshold ORDER BY effective_from`,
        ),
        this.db.query(
          `SELECT method, name_th AS "nameTh", name_en AS "nameEn", budget_above AS "budgetAbove", budget_up_to AS "budgetUpTo",
                  needs_ground AS "needsGround", source, verified FROM procurement_method_rule ORDER BY sort`,
        ),
      ]);
      return { types, models, categories, thresholds, methods };
    })().catch((error) => {
      this.cache = undefined;
      throw error;
    });
    return this.cache;
  }

  async buildingTypes() {
    return (await this.all()).types;
  }
  async buildingModels() {
    return (await this.all()).models;
  }
  async buildingTypeExists(code: string) {
    return (await this.all()).types.some((t) => t.code === code);
  }
  async buildingReference(): Promise<BuildingReference> {
    const { types, models } = await this.all();
    return {
      typeOfModel: (code) => models.find((m) => m.code === code)?.typeCode,
      categoryOfType: (code) => types.find((t) => t.code === code)?.category,
    };
  }
  async assetCategories() {
    return (await this.all()).categories;
  }
  async assetCategory(code: string) {
    return (await this.all()).categories.find((c) => c.code === code) ?? null;
  }
  async thresholds() {
    return (await this.all()).thresholds;
  }
  /** The capitalisation threshold in force on a day. */
  async thresholdOn(day: string): Promise<string> {
    const list = (await this.all()).thresholds.filter((t) => t.effectiveFrom <= day);
    return list[list.length - 1]?.amount ?? '0.00';
  }
  async procurementMethods() {
    return (await this.all()).methods;
  }
}

/** One ReferenceRepository per DataSource (the process keeps it). */
const perDataSource = new WeakMap<Sql, ReferenceRepository>();
export function referenceFor(db: DataSource): ReferenceRepository {
  let repo = perDataSource.get(db);
  if (!repo) perDataSource.set(db, (repo = new ReferenceRepository(db)));
  return repo;
}
