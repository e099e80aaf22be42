import type { DataSource, EntityManager } from 'typeorm';
import { onlyUuids } from '@smss/db';
import { toQuantityString } from '../scoring/scalars';
import { toScoreString } from '../scoring/score';
import type { IndicatorDraft, IndicatorRecord } from './catalogue.types';

interface IndicatorRow {
  id: string;
  fiscalYear: number;
  framework: IndicatorRecord['framework'];
  code: string;
  nameTh: string;
  nameEn: string;
  unit: string;
  weight: string;
  target: string | null;
  ownerLevel: IndicatorRecord['ownerLevel'];
  method: IndicatorRecord['scoring']['method'];
  direction: IndicatorRecord['scoring']['direction'];
  thresholds: string[];
  steps: string[];
  measure: IndicatorRecord['measure'];
  pmqaCategory: number | null;
  description: string | null;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export const INDICATOR_COLUMNS = `i.id, i.fiscal_year AS "fiscalYear", i.framework, i.code, i.name_th AS "nameTh",
  i.name_en AS "nameEn", i.unit, i.weight::text AS weight, i.target::text AS target, i.owner_level AS "ownerLevel",
  i.method, i.direction, i.thresholds::text[] AS thresholds, i.steps, i.measure, i.pmqa_category AS "pmqaCategory",
  i.description, i.version, i.updated_by AS "updatedBy", i.updated_at AS "updatedAt"`;

const SELECT = `SELECT ${INDICATOR_COLUMNS} FROM indicator i`;

/** The one mapper: which columns leave the service, and in what shape (numbers stay decimal strings). */
export const toIndicator = (r: IndicatorRow): IndicatorRecord => ({
  id: r.id,
  fiscalYear: r.fiscalYear,
  framework: r.framework,
  code: r.code,
  nameTh: r.nameTh,
  nameEn: r.nameEn,
  unit: r.unit,
  weight: toScoreString(r.weight),
  target: r.target === null ? null : toQuantityString(r.target),
  ownerLevel: r.ownerLevel,
  scoring: {
    method: r.method,
    direction: r.direction,
    thresholds: r.thresholds.map(toQuantityString),
    steps: r.steps,
  },
  measure: r.measure,
  pmqaCategory: r.pmqaCategory,
  description: r.description,
  version: r.version,
  updatedBy: r.updatedBy,
  updatedAt: r.updatedAt.toISOString(),
});

const ORDER = `ORDER BY i.framework, i.owner_level, i.sort_key, i.id`;

/** A code's natural sort key: every run of digits zero-padded, so KRS 2 comes before KRS 10. */
export const sortKeyOf = (code: string): string =>
  code.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(6, '0'));

/** SQL for the catalogue; every lookup takes many keys, so a loader turns N parents into one statement. */
export class CatalogueRepository {
  constructor(private readonly db: DataSource) {}

  async byIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<IndicatorRecord[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: IndicatorRow[] = await manager.query(`${SELECT} WHERE i.id = ANY($1::uuid[])`, [valid]);
    return rows.map(toIndicator);
  }

  /** Lock one indicator for a change (inside the caller's transaction). */
  async lock(manager: EntityManager, id: string): Promise<IndicatorRecord | null> {
    if (!onlyUuids([id]).length) return null;
    const rows: IndicatorRow[] = await manager.query(`${SELECT} WHERE i.id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toIndicator(rows[0]) : null;
  }

  /** The catalogue of a year and framework (optionally one level), in code order. */
  async ofYear(
    filter: { fiscalYear: number; framework?: string | null; ownerLevel?: string | null },
    page?: { limit: number; offset: number },
    manager: EntityManager = this.db.manager,
  ): Promise<IndicatorRecord[]> {
    const rows: IndicatorRow[] = await manager.query(
      `${SELECT} WHERE i.fiscal_year = $1 AND ($2::text IS NULL OR i.framework = $2)
         AND ($3::text IS NULL OR i.owner_level = $3) ${ORDER}
       ${page ? 'LIMIT $4 OFFSET $5' : ''}`,
      [
        filter.fiscalYear,
        filter.framework ?? null,
        filter.ownerLevel ?? null,
        ...(page ? [page.limit, page.offset] : []),
      ],
    );
    return rows.map(toIndicator);
  }

  /** How many indicators a filter selects and the exact sum of their weights. */
  async totals(
    filter: { fiscalYear: number; framework: string; ownerLevel?: string | null },
    manager: EntityManager = this.db.manager,
  ): Promise<{ count: number; weightTotal: string }> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS count, coalesce(sum(weight), 0)::text AS "weightTotal" FROM indicator
        WHERE fiscal_year = $1 AND framework = $2 AND ($3::text IS NULL OR owner_level = $3)`,
      [filter.fiscalYear, filter.framework, filter.ownerLevel ?? null],
    );
    return { count: row.count, weightTotal: toScoreString(row.weightTotal) };
  }

  /** Sum of the weights of a level, leaving one indicator out (the one being changed). */
  async weightOfLevel(
    manager: EntityManager,
    level: { fiscalYear: number; framework: string; ownerLevel: string },
    exceptId: string | null,
  ): Promise<string> {
    // Serialise weight changes of one catalogue level: two concurrent additions cannot both pass the 100 cap.
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('indicators.weights:' || $1 || ':' || $2 || ':' || $3))`,
      [level.fiscalYear, level.framework, level.ownerLevel],
    );
    const [row] = await manager.query(
      `SELECT coalesce(sum(weight), 0)::text AS total FROM indicator
        WHERE fiscal_year = $1 AND framework = $2 AND owner_level = $3 AND ($4::uuid IS NULL OR id <> $4)`,
      [level.fiscalYear, level.framework, level.ownerLevel, exceptId],
    );
    return row.total;
  }

  async codeTaken(
    manager: EntityManager,
    d: { fiscalYear: number; framework: string; code: string },
  ): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM indicator WHERE fiscal_year = $1 AND framework = $2 AND lower(code) = lower($3)`,
      [d.fiscalYear, d.framework, d.code],
    );
    return rows.length > 0;
  }

  async insert(manager: EntityManager, d: IndicatorDraft, by: string): Promise<string> {
    const [row] = await manager.query(
      `INSERT INTO indicator (fiscal_year, framework, code, name_th, name_en, unit, weight, target, owner_level,
                              method, direction, thresholds, steps, measure, pmqa_category, description, updated_by, sort_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric[], $13::text[], $14, $15, $16, $17, $18)
       RETURNING id`,
      [
        d.fiscalYear,
        d.framework,
        d.code,
        d.nameTh,
        d.nameEn,
        d.unit,
        d.weight,
        d.target,
        d.ownerLevel,
        d.scoring.method,
        d.scoring.direction,
        d.scoring.thresholds,
        d.scoring.steps,
        d.measure,
        d.pmqaCategory,
        d.description,
        by,
        sortKeyOf(d.code),
      ],
    );
    return row.id;
  }

  async update(manager: EntityManager, id: string, d: IndicatorDraft, by: string): Promise<void> {
    await manager.query(
      `UPDATE indicator SET name_th = $2, name_en = $3, unit = $4, weight = $5, target = $6, method = $7,
              direction = $8, thresholds = $9::numeric[], steps = $10::text[], description = $11, updated_by = $12,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        d.nameTh,
        d.nameEn,
        d.unit,
        d.weight,
        d.target,
        d.scoring.method,
        d.scoring.direction,
        d.scoring.thresholds,
        d.scoring.steps,
        d.description,
        by,
      ],
    );
  }

  /** Copy a year's catalogue (one framework or all) to another year; returns the new ids. */
  async copyYear(
    manager: EntityManager,
    from: number,
    to: number,
    framework: string | null,
    by: string,
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO indicator (fiscal_year, framework, code, name_th, name_en, unit, weight, target, owner_level,
                              method, direction, thresholds, steps, measure, pmqa_category, description, updated_by, sort_key)
       SELECT $2, framework, code, name_th, name_en, unit, weight, target, owner_level, method, direction, thresholds,
              steps, measure, pmqa_category, description, $4, sort_key
         FROM indicator WHERE fiscal_year = $1 AND ($3::text IS NULL OR framework = $3)
       RETURNING id`,
      [from, to, framework, by],
    );
    return rows.map((r) => r.id);
  }

  async frameworksOfYear(manager: EntityManager, fiscalYear: number): Promise<string[]> {
    const rows: Array<{ framework: string }> = await manager.query(
      `SELECT DISTINCT framework FROM indicator WHERE fiscal_year = $1`,
      [fiscalYear],
    );
    return rows.map((r) => r.framework);
  }
}
