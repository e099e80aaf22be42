import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { MaybeViewer } from '@smss/auth';
import { inputProblems, notFound, parseInput } from '@smss/core';
import { seesOrganisation } from '../../trust';
import { ORG_CODE, type Organisation } from '../access/organisation';
import type { CatalogueRepository } from '../catalogue/catalogue.repository';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';
import type { IndicatorRecord } from '../catalogue/catalogue.types';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { EvidenceRepository } from '../evidence/evidence.repository';
import { assertCanReport } from '../results/result.rules';
import type { CriterionAssessmentRecord, PmqaProfileRecord, PmqaRepository } from './pmqa.repository';
import {
  categoryOutcome,
  isCriterionComplete,
  overallOutcome,
  parseCriterionInput,
  parseProfileInput,
  PMQA_CATEGORIES,
  type PmqaEvidenceItemRecord,
  type PmqaLevelCode,
  type PmqaStatusCode,
} from './pmqa.rules';

export interface CriterionView {
  criterion: IndicatorRecord;
  level: PmqaLevelCode;
  approach: string | null;
  deployment: string | null;
  learning: string | null;
  results: string | null;
  evidence: PmqaEvidenceItemRecord[];
  complete: boolean;
  assessedBy: string | null;
  assessedAt: string | null;
}

export interface PmqaAssessmentView {
  id: string;
  orgLevel: Organisation['level'];
  orgCode: string;
  areaOfficeCode: string | null;
  schoolCode: string | null;
  fiscalYear: number;
  profile: PmqaProfileRecord | null;
  categories: Array<{
    number: number;
    nameTh: string;
    nameEn: string;
    level: PmqaLevelCode;
    status: PmqaStatusCode;
    criteria: CriterionView[];
  }>;
  overallLevel: PmqaLevelCode;
  status: PmqaStatusCode;
  criteriaCount: number;
  assessedCount: number;
  updatedAt: string | null;
}

/** PMQA 4.0 self-assessments: the organisation assesses itself; its area's users and OBEC read. */
export class PmqaService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PmqaRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  /** An organisation's assessment of a year (null for an unknown organisation or one outside the viewer's reach). */
  async assessment(viewer: MaybeViewer, orgCode: unknown, fiscalYear: unknown): Promise<PmqaAssessmentView | null> {
    const v = parseInput(z.object({ orgCode: z.string().regex(ORG_CODE), fiscalYear: fiscalYearSchema }), { orgCode, fiscalYear }, {
      orgCode: 'รหัสหน่วยงานต้องเป็น OBEC หรือรหัสเขตพื้นที่ 4 หลัก',
      fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
    });
    const [org] = await this.placements.organisations([v.orgCode]);
    if (!org || !seesOrganisation(viewer, 'PmqaAssessment', org)) return null;
    return this.build(org, v.fiscalYear);
  }

  async saveProfile(viewer: MaybeViewer, input: unknown): Promise<PmqaAssessmentView> {
    const p = parseProfileInput(input);
    const org = await this.assessingOrganisation(p.orgCode);
    const writer = assertCanReport(viewer, org);
    await this.db.transaction((m) => this.repo.saveProfile(m, org, p, writer.subject));
    return this.build(org, p.fiscalYear);
  }

  async assess(viewer: MaybeViewer, input: unknown): Promise<PmqaAssessmentView> {
    const a = parseCriterionInput(input);
    const [criterion] = await this.catalogue.byIds([a.criterionId]);
    if (!criterion || criterion.framework !== 'PMQA') throw notFound('PMQA criterion', 'ประเด็นการประเมิน PMQA', a.criterionId);
    const org = await this.assessingOrganisation(a.orgCode);
    const writer = assertCanReport(viewer, org);
    if (org.level !== criterion.ownerLevel)
      throw inputProblems([
        {
          field: 'orgCode',
          messageEn: `this criterion is assessed by ${criterion.ownerLevel}`,
          messageTh: `ประเด็นนี้ประเมินโดยหน่วยงานระดับ ${criterion.ownerLevel}`,
        },
      ]);
    const fileIds = a.evidence.map((e) => e.fileId).filter((id): id is string => !!id);
    if (fileIds.length) {
      const own = new Set((await this.evidence.byIds(fileIds)).filter((f) => f.orgCode === org.code).map((f) => f.id));
      if (fileIds.some((id) => !own.has(id)))
        throw inputProblems([
          {
            field: 'evidence',
            messageEn: `an evidence file is not one of ${org.code}'s`,
            messageTh: `ไม่พบไฟล์หลักฐานของหน่วยงาน ${org.code} ตามรหัสที่ระบุ`,
          },
        ]);
    }
    await this.db.transaction((m) =>
      this.repo.saveAssessment(m, org, { ...a, fiscalYear: criterion.fiscalYear }, writer.subject),
    );
    return this.build(org, criterion.fiscalYear);
  }

  private async assessingOrganisation(orgCode: string): Promise<Organisation> {
    const [org] = await this.placements.organisations([orgCode]);
    if (!org) throw notFound('Organisation', 'หน่วยงาน', orgCode);
    if (org.level === 'SCHOOL')
      throw inputProblems([
        {
          field: 'orgCode',
          messageEn: 'PMQA is assessed by OBEC and area offices, not schools',
          messageTh: 'PMQA ประเมินโดย สพฐ. และเขตพื้นที่ ไม่ใช่สถานศึกษา',
        },
      ]);
    return org;
  }

  async build(org: Organisation, fiscalYear: number): Promise<PmqaAssessmentView> {
    const [criteria, [profile], assessed] = await Promise.all([
      this.catalogue.ofYear({ fiscalYear, framework: 'PMQA', ownerLevel: org.level }),
      this.repo.profiles([{ orgCode: org.code, fiscalYear }]),
      this.repo.assessments(org.code, fiscalYear),
    ]);
    const byCriterion = new Map<string, CriterionAssessmentRecord>(assessed.map((a) => [a.criterionId, a]));
    const categories = PMQA_CATEGORIES.map((c) => {
      const views: CriterionView[] = criteria
        .filter((i) => i.pmqaCategory === c.number)
        .map((criterion) => {
          const a = byCriterion.get(criterion.id);
          return {
            criterion,
            level: a?.level ?? 'NOT_ASSESSED',
            approach: a?.approach ?? null,
            deployment: a?.deployment ?? null,
            learning: a?.learning ?? null,
            results: a?.results ?? null,
            evidence: a?.evidence ?? [],
            complete: isCriterionComplete(a),
            assessedBy: a?.assessedBy ?? null,
            assessedAt: a?.assessedAt ?? null,
          };
        });
      return { ...c, ...categoryOutcome(views.map((x) => (x.assessedAt ? x : null))), criteria: views };
    });
    const overall = overallOutcome(categories, !!profile);
    const times = [profile?.updatedAt, ...assessed.map((a) => a.assessedAt)].filter((t): t is string => !!t).sort();
    return {
      id: `${org.code}:${fiscalYear}`,
      orgLevel: org.level,
      orgCode: org.code,
      areaOfficeCode: org.areaOfficeCode,
      schoolCode: org.schoolCode,
      fiscalYear,
      profile: profile ?? null,
      categories,
      overallLevel: overall.level,
      status: overall.status,
      criteriaCount: criteria.length,
      assessedCount: categories.reduce((n, c) => n + c.criteria.filter((x) => x.complete).length, 0),
      updatedAt: times.at(-1) ?? null,
    };
  }
}
