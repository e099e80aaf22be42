import type { DataSource, EntityManager } from 'typeorm';
import type { Organisation } from '../access/organisation';
import type { PmqaEvidenceItemRecord, PmqaLevelCode } from './pmqa.rules';

export interface PmqaProfileRecord {
  orgCode: string;
  fiscalYear: number;
  nameTh: string;
  vision: string;
  mission: string;
  structure: string;
  stakeholders: string;
  challenges: string;
  updatedBy: string;
  updatedAt: string;
}

export interface CriterionAssessmentRecord {
  orgCode: string;
  criterionId: string;
  fiscalYear: number;
  level: PmqaLevelCode;
  approach: string | null;
  deployment: string | null;
  learning: string | null;
  results: string | null;
  evidence: PmqaEvidenceItemRecord[];
  assessedBy: string;
  assessedAt: string;
}

/** SQL for PMQA self-assessments. */
export class PmqaRepository {
  constructor(private readonly db: DataSource) {}

  async profiles(keys: ReadonlyArray<{ orgCode: string; fiscalYear: number }>): Promise<PmqaProfileRecord[]> {
    if (!keys.length) return [];
    const rows = await this.db.query(
      `SELECT org_code AS "orgCode", fiscal_year AS "fiscalYear", name_th AS "nameTh", vision, mission, structure,
              stakeholders, challenges, updated_by AS "updatedBy", updated_at AS "updatedAt"
         FROM pmqa_profile p JOIN unnest($1::text[], $2::int[]) AS k(org, fy) ON p.org_code = k.org AND p.fiscal_year = k.fy`,
      [keys.map((k) => k.orgCode), keys.map((k) => k.fiscalYear)],
    );
    return rows.map((r: PmqaProfileRecord & { updatedAt: Date }) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
  }

  /** The latest name an organisation gave itself in a profile (for the exports' headings). */
  async namesOf(orgCodes: readonly string[]): Promise<Map<string, string>> {
    if (!orgCodes.length) return new Map();
    const rows: Array<{ org: string; name: string }> = await this.db.query(
      `SELECT DISTINCT ON (org_code) org_code AS org, name_th AS name FROM pmqa_profile
        WHERE org_code = ANY($1::text[]) ORDER BY org_code, fiscal_year DESC`,
      [orgCodes],
    );
    return new Map(rows.map((r) => [r.org, r.name]));
  }

  async assessments(orgCode: string, fiscalYear: number): Promise<CriterionAssessmentRecord[]> {
    const rows = await this.db.query(
      `SELECT org_code AS "orgCode", criterion_id AS "criterionId", fiscal_year AS "fiscalYear", level, approach,
              deployment, learning, results, evidence, assessed_by AS "assessedBy", assessed_at AS "assessedAt"
         FROM pmqa_criterion_assessment WHERE org_code = $1 AND fiscal_year = $2`,
      [orgCode, fiscalYear],
    );
    return rows.map((r: CriterionAssessmentRecord & { assessedAt: Date }) => ({
      ...r,
      assessedAt: r.assessedAt.toISOString(),
    }));
  }

  async saveProfile(
    m: EntityManager,
    org: Organisation,
    p: Omit<PmqaProfileRecord, 'orgCode' | 'updatedBy' | 'updatedAt'>,
    by: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO pmqa_profile (org_code, fiscal_year, org_level, area_office_code, school_code, name_th, vision,
                                 mission, structure, stakeholders, challenges, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (org_code, fiscal_year) DO UPDATE
         SET name_th = EXCLUDED.name_th, vision = EXCLUDED.vision, mission = EXCLUDED.mission,
             structure = EXCLUDED.structure, stakeholders = EXCLUDED.stakeholders, challenges = EXCLUDED.challenges,
             updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        org.code,
        p.fiscalYear,
        org.level,
        org.areaOfficeCode,
        org.schoolCode,
        p.nameTh,
        p.vision,
        p.mission,
        p.structure,
        p.stakeholders,
        p.challenges,
        by,
      ],
    );
  }

  async saveAssessment(
    m: EntityManager,
    org: Organisation,
    a: Omit<CriterionAssessmentRecord, 'orgCode' | 'assessedBy' | 'assessedAt'>,
    by: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO pmqa_criterion_assessment (org_code, criterion_id, fiscal_year, org_level, area_office_code,
                                              school_code, level, approach, deployment, learning, results, evidence,
                                              assessed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (org_code, criterion_id) DO UPDATE
         SET level = EXCLUDED.level, approach = EXCLUDED.approach, deployment = EXCLUDED.deployment,
             learning = EXCLUDED.learning, results = EXCLUDED.results, evidence = EXCLUDED.evidence,
             assessed_by = EXCLUDED.assessed_by, assessed_at = now()`,
      [
        org.code,
        a.criterionId,
        a.fiscalYear,
        org.level,
        org.areaOfficeCode,
        org.schoolCode,
        a.level,
        a.approach,
        a.deployment,
        a.learning,
        a.results,
        JSON.stringify(a.evidence),
        by,
      ],
    );
  }
}
