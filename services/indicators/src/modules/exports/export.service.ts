import { z } from 'zod';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { notFound, parseInput } from '@smss/core';
import { INDICATOR_FRAMEWORKS } from '@smss/events';
import { todayInBangkok } from '@smss/thai';
import type { TrustState } from '@smss/trust';
import { revealForExport, seesOrganisation } from '../../trust';
import { ORG_CODE, type Organisation } from '../access/organisation';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { PmqaRepository } from '../pmqa/pmqa.repository';
import type { PmqaService } from '../pmqa/pmqa.service';
import type { ResultRepository } from '../results/result.repository';
import type { RoundRepository } from '../rounds/round.repository';
import { isRoundMonth, type RoundMonth } from '../rounds/round.rules';
import type { ScoreCard, ScoreCardService } from '../scores/score-card.service';
import type { ExportRepository } from './export.repository';
import { nationalReport, orgReport, pmqaForm } from './report-builders';
import { PDF_TYPE, toPdf, toXlsx, XLSX_TYPE, type ReportDocument } from './report-document';

const exportSchema = z.object({
  orgCode: z.string().regex(ORG_CODE),
  fiscalYear: fiscalYearSchema,
  framework: z.enum(INDICATOR_FRAMEWORKS),
  format: z.enum(['XLSX', 'PDF']),
  roundMonth: z.number().int().refine(isRoundMonth, 'must be 3, 6, 9 or 12').nullish(),
});

export interface ReportFile {
  url: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  rowCount: number;
  expiresAt: string;
}

/** Where the gateway serves a generated report (`GET` with the same token). */
export const exportDownloadPath = (id: string) => `/download/indicators/exports/${id}`;

const OBEC_NAME = 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน';

/**
 * Exports: the same reports the API answers, as XLSX or PDF, made with the caller's rights (the same
 * owner rule as the trust layer; personal values masked without pii:read, audited with it) and kept
 * for a short time behind a link only the caller can use.
 */
export class ExportService {
  constructor(
    private readonly deps: {
      placements: SchoolPlacementRepository;
      scoreCards: ScoreCardService;
      results: ResultRepository;
      rounds: RoundRepository;
      pmqa: PmqaService;
      pmqaRepo: PmqaRepository;
      exports: ExportRepository;
      ttlSeconds: number;
      today?: () => string;
    },
  ) {}

  async export(
    ctx: { viewer: MaybeViewer; trust: TrustState },
    args: Record<string, unknown>,
  ): Promise<ReportFile> {
    const viewer = requireViewer(ctx.viewer);
    const a = parseInput(exportSchema, args, {
      orgCode: 'รหัสหน่วยงานต้องเป็น OBEC รหัสเขตพื้นที่ 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
      fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
      framework: 'กรอบการประเมินต้องเป็น KRS, ARS หรือ PMQA',
      format: 'รูปแบบไฟล์ต้องเป็น XLSX หรือ PDF',
      roundMonth: 'รอบการรายงานต้องเป็น 3, 6, 9 หรือ 12 เดือน',
    });
    const [org] = await this.deps.placements.organisations([a.orgCode]);
    const hidden = () => notFound('Report', 'รายงาน', a.orgCode);
    if (!org) throw hidden();
    const doc = await this.document(ctx, org, {
      fiscalYear: a.fiscalYear,
      framework: a.framework,
      roundMonth: (a.roundMonth ?? 12) as RoundMonth,
    });
    if (!doc) throw hidden();
    const content = a.format === 'PDF' ? await toPdf(doc) : await toXlsx(doc);
    const stored = await this.deps.exports.store(
      {
        requestedBy: viewer.subject,
        orgCode: org.code,
        fileName: `${doc.fileBase}.${a.format === 'PDF' ? 'pdf' : 'xlsx'}`,
        contentType: a.format === 'PDF' ? PDF_TYPE : XLSX_TYPE,
        content,
        rowCount: doc.rowCount,
      },
      this.deps.ttlSeconds,
    );
    return {
      url: exportDownloadPath(stored.id),
      fileName: stored.fileName,
      contentType: stored.contentType,
      byteSize: stored.byteSize,
      rowCount: stored.rowCount,
      expiresAt: stored.expiresAt,
    };
  }

  /** The report's content, or null when the viewer may not see it (or there is nothing of that year). */
  async document(
    ctx: { viewer: MaybeViewer; trust: TrustState },
    org: Organisation,
    a: { fiscalYear: number; framework: ScoreCard['framework'] | 'PMQA'; roundMonth: RoundMonth },
  ): Promise<ReportDocument | null> {
    const printedOn = (this.deps.today ?? todayInBangkok)();
    if (a.framework === 'PMQA') {
      const view = await this.deps.pmqa.assessment(ctx.viewer, org.code, a.fiscalYear);
      if (!view) return null;
      const items = view.categories.flatMap((c) =>
        c.criteria.flatMap((x) => x.evidence.map((e) => ({ key: `${x.criterion.id}:${e.number}`, value: e.responsiblePerson }))),
      );
      const shown = await revealForExport(
        ctx,
        items.map((i) => ({
          recordType: 'PmqaAssessment',
          recordId: view.id,
          typeName: 'PmqaEvidenceItem',
          field: 'responsiblePerson',
          value: i.value,
        })),
      );
      const responsible = new Map(items.map((i, n) => [i.key, (shown[n] as string | null) ?? null]));
      return pmqaForm(view, await this.nameOf(org), responsible, printedOn);
    }
    const card = { fiscalYear: a.fiscalYear, framework: a.framework, roundMonth: a.roundMonth };
    if (org.level === 'OBEC') {
      if (!seesOrganisation(ctx.viewer, 'IndicatorScoreCard', org)) return null;
      const round = await this.deps.rounds.byYearAndMonth(a.fiscalYear, a.roundMonth);
      if (!round) return null;
      const [offices, ranking] = await Promise.all([
        this.deps.placements.organisationsOfLevel('AREA_OFFICE', { kind: 'ALL' }),
        this.deps.results.areaRanking(round.id, a.framework),
      ]);
      const byCode = new Map(offices.map((o) => [o.code, o]));
      for (const r of ranking)
        if (!byCode.has(r.orgCode))
          byCode.set(r.orgCode, { level: 'AREA_OFFICE', code: r.orgCode, areaOfficeCode: r.orgCode, schoolCode: null, schoolId: null });
      const cards = (await this.deps.scoreCards.cards([...byCode.values()], card)).filter((c): c is ScoreCard => !!c);
      cards.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || x.orgCode.localeCompare(y.orgCode));
      const names = await this.deps.pmqaRepo.namesOf(cards.map((c) => c.orgCode));
      return nationalReport(cards, names, card, printedOn);
    }
    if (!seesOrganisation(ctx.viewer, 'IndicatorScoreCard', org)) return null;
    const [one] = await this.deps.scoreCards.cards([org], card);
    if (!one) return null;
    const results = one.lines.flatMap((l) => (l.result ? [l.result] : []));
    const shown = await revealForExport(
      ctx,
      results.map((r) => ({
        recordType: 'IndicatorResult',
        recordId: r.id,
        typeName: 'IndicatorResult',
        field: 'reporterName',
        value: r.reporterName,
      })),
    );
    const reporters = new Map(results.map((r, i) => [r.id, (shown[i] as string | null) ?? null]));
    return orgReport(one, await this.nameOf(org), reporters, printedOn);
  }

  private async nameOf(org: Organisation): Promise<string> {
    if (org.level === 'OBEC') return OBEC_NAME;
    const fromProfile = (await this.deps.pmqaRepo.namesOf([org.code])).get(org.code);
    if (fromProfile) return fromProfile;
    if (org.level === 'SCHOOL') return (await this.deps.placements.schoolNames([org.code])).get(org.code) ?? org.code;
    return `สำนักงานเขตพื้นที่การศึกษา รหัส ${org.code}`;
  }
}
