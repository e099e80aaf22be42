import { z } from 'zod';
import { recordVisibility, type MaybeViewer } from '@smss/auth';
import { badInput, parseInput } from '@smss/core';
import { INDICATOR_FRAMEWORKS, ORGANISATION_LEVELS } from '@smss/events';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { seesOrganisation } from '../../trust';
import type { Organisation, OrgLevel } from '../access/organisation';
import type { CatalogueRepository } from '../catalogue/catalogue.repository';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';
import type { IndicatorRecord } from '../catalogue/catalogue.types';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { ResultRepository } from '../results/result.repository';
import type { ResultRecord, ResultStatusCode } from '../results/result.types';
import type { RoundRepository } from '../rounds/round.repository';
import { isRoundMonth, type RoundMonth } from '../rounds/round.rules';
import { totalOf } from '../scoring/score';

export type LineStatus = 'NOT_STARTED' | ResultStatusCode;

export interface ScoreLine {
  indicator: IndicatorRecord;
  status: LineStatus;
  value: string | null;
  score: string | null;
  weight: string;
  weightedScore: string | null;
  result: ResultRecord | null;
}

export interface ScoreCard {
  orgLevel: OrgLevel;
  orgCode: string;
  areaOfficeCode: string | null;
  schoolCode: string | null;
  fiscalYear: number;
  framework: (typeof INDICATOR_FRAMEWORKS)[number];
  roundMonth: RoundMonth;
  total: string;
  rank: number | null;
  rankedAmong: number;
  weightTotal: string;
  indicatorCount: number;
  approvedCount: number;
  complete: boolean;
  lines: ScoreLine[];
}

export interface ReportingStatus {
  orgLevel: OrgLevel;
  orgCode: string;
  areaOfficeCode: string | null;
  schoolCode: string | null;
  schoolId: string | null;
  state: LineStatus;
  indicatorCount: number;
  notStarted: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
  updatedAt: string | null;
}

const cardSchema = z.object({
  fiscalYear: fiscalYearSchema,
  framework: z.enum(INDICATOR_FRAMEWORKS),
  roundMonth: z.number().int().refine(isRoundMonth, 'must be 3, 6, 9 or 12'),
});
const CARD_MESSAGES_TH = {
  fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
  framework: 'กรอบการประเมินต้องเป็น KRS, ARS หรือ PMQA',
  roundMonth: 'รอบการรายงานต้องเป็น 3, 6, 9 หรือ 12 เดือน',
  orgLevel: 'ระดับหน่วยงานต้องเป็น OBEC, AREA_OFFICE หรือ SCHOOL',
};

export type CardArgs = { fiscalYear: number; framework: ScoreCard['framework']; roundMonth: RoundMonth };

export function parseCardArgs(args: { fiscalYear: unknown; framework: unknown; roundMonth?: unknown }): CardArgs {
  const v = parseInput(cardSchema, { ...args, roundMonth: args.roundMonth ?? 12 }, CARD_MESSAGES_TH);
  if (v.framework === 'PMQA')
    throw badInput(
      'PMQA is self-assessed by level, not scored: read pmqaAssessment',
      'PMQA ประเมินตนเองเป็นระดับ ไม่ได้คิดคะแนน ดูผลที่ pmqaAssessment',
    );
  return { ...v, roundMonth: v.roundMonth as RoundMonth };
}

/**
 * An organisation's reporting state from its counts: NOT_STARTED when nothing is recorded, APPROVED when
 * every indicator is, RETURNED when any result was returned, SUBMITTED when every indicator is submitted
 * or approved, DRAFT otherwise (work in progress).
 */
export function reportingState(indicatorCount: number, c: Record<ResultStatusCode, number>): LineStatus {
  const started = c.DRAFT + c.SUBMITTED + c.RETURNED + c.APPROVED;
  if (started === 0) return 'NOT_STARTED';
  if (indicatorCount > 0 && c.APPROVED >= indicatorCount) return 'APPROVED';
  if (c.RETURNED > 0) return 'RETURNED';
  if (indicatorCount > 0 && c.SUBMITTED + c.APPROVED >= indicatorCount) return 'SUBMITTED';
  return 'DRAFT';
}

/** Score cards, rankings and the reporting-state list: reads, three statements for any number of organisations. */
export class ScoreCardService {
  constructor(
    private readonly catalogue: CatalogueRepository,
    private readonly results: ResultRepository,
    private readonly rounds: RoundRepository,
    private readonly placements: SchoolPlacementRepository,
  ) {}

  /** The cards of these organisations (null where the year has no such round). */
  async cards(orgs: readonly Organisation[], a: CardArgs): Promise<Array<ScoreCard | null>> {
    const round = await this.rounds.byYearAndMonth(a.fiscalYear, a.roundMonth);
    if (!round || !orgs.length) return orgs.map(() => null);
    const levels = [...new Set(orgs.map((o) => o.level))];
    const [catalogues, results, ranking] = await Promise.all([
      Promise.all(
        levels.map(async (level) => [level, await this.catalogue.ofYear({ fiscalYear: a.fiscalYear, framework: a.framework, ownerLevel: level })] as const),
      ),
      this.results.ofOrganisations(round.id, a.framework, orgs.map((o) => o.code)),
      levels.includes('AREA_OFFICE') ? this.results.areaRanking(round.id, a.framework) : Promise.resolve([]),
    ]);
    const catalogueOf = new Map(catalogues);
    const rankOf = new Map(ranking.map((r) => [r.orgCode, r]));
    const rankedAmong = ranking.length;
    const byOrg = new Map<string, Map<string, ResultRecord>>();
    for (const r of results) {
      const m = byOrg.get(r.orgCode) ?? new Map<string, ResultRecord>();
      m.set(r.indicatorId, r);
      byOrg.set(r.orgCode, m);
    }
    return orgs.map((org) => {
      const indicators = catalogueOf.get(org.level) ?? [];
      const own = byOrg.get(org.code) ?? new Map<string, ResultRecord>();
      const lines: ScoreLine[] = indicators.map((indicator) => {
        const result = own.get(indicator.id) ?? null;
        return {
          indicator,
          status: result?.status ?? 'NOT_STARTED',
          value: result?.value ?? null,
          score: result?.score ?? null,
          weight: indicator.weight,
          weightedScore: result?.weightedScore ?? null,
          result,
        };
      });
      const approved = lines.filter((l) => l.status === 'APPROVED');
      const ranked = org.level === 'AREA_OFFICE' ? rankOf.get(org.code) : undefined;
      return {
        orgLevel: org.level,
        orgCode: org.code,
        areaOfficeCode: org.areaOfficeCode,
        schoolCode: org.schoolCode,
        fiscalYear: a.fiscalYear,
        framework: a.framework,
        roundMonth: a.roundMonth,
        total: totalOf(approved.map((l) => l.weightedScore)),
        rank: ranked?.rank ?? null,
        rankedAmong: org.level === 'AREA_OFFICE' ? rankedAmong : 0,
        weightTotal: totalOf(indicators.map((i) => i.weight)),
        indicatorCount: indicators.length,
        approvedCount: approved.length,
        complete: indicators.length > 0 && approved.length === indicators.length,
        lines,
      };
    });
  }

  /** Area offices ranked by total (approved results), best first; offices without approved results follow, unranked. */
  async ranking(
    viewer: MaybeViewer,
    args: PageArgs & { fiscalYear: unknown; framework: unknown; roundMonth?: unknown },
  ): Promise<Connection<ScoreCard>> {
    const a = parseCardArgs(args);
    const page = toPage(args);
    const round = await this.rounds.byYearAndMonth(a.fiscalYear, a.roundMonth);
    if (!round) return toConnection([], page, 0);
    const scope = recordVisibility(viewer);
    const [known, ranking] = await Promise.all([
      this.placements.organisationsOfLevel('AREA_OFFICE', scope),
      this.results.areaRanking(round.id, a.framework),
    ]);
    const byCode = new Map(known.map((o) => [o.code, o]));
    for (const r of ranking)
      if (!byCode.has(r.orgCode))
        byCode.set(r.orgCode, { level: 'AREA_OFFICE', code: r.orgCode, areaOfficeCode: r.orgCode, schoolCode: null, schoolId: null });
    const rankOf = new Map(ranking.map((r) => [r.orgCode, r.rank]));
    const visible = [...byCode.values()]
      .filter((o) => seesOrganisation(viewer, 'IndicatorScoreCard', o))
      .sort((x, y) => (rankOf.get(x.code) ?? Infinity) - (rankOf.get(y.code) ?? Infinity) || x.code.localeCompare(y.code));
    const slice = visible.slice(page.offset, page.offset + page.limit);
    const cards = await this.cards(slice, a);
    return toConnection(cards.filter((c): c is ScoreCard => c !== null), page, visible.length);
  }

  /** Every organisation's reporting state in a round, in code order. */
  async reportingStatus(
    viewer: MaybeViewer,
    args: PageArgs & { fiscalYear: unknown; framework: unknown; roundMonth: unknown; orgLevel?: unknown },
  ): Promise<Connection<ReportingStatus>> {
    const v = parseInput(
      cardSchema.extend({ orgLevel: z.enum(ORGANISATION_LEVELS).nullish() }),
      args,
      CARD_MESSAGES_TH,
    );
    const page = toPage(args);
    const level = v.orgLevel ?? 'AREA_OFFICE';
    const round = await this.rounds.byYearAndMonth(v.fiscalYear, v.roundMonth);
    if (!round) return toConnection([], page, 0);
    const scope = recordVisibility(viewer);
    const orgs: Organisation[] =
      level === 'OBEC'
        ? scope.kind === 'ALL'
          ? [{ level: 'OBEC', code: 'OBEC', areaOfficeCode: null, schoolCode: null, schoolId: null }]
          : []
        : await this.placements.organisationsOfLevel(level, scope);
    const visible = orgs.filter((o) => seesOrganisation(viewer, 'OrganisationReportingStatus', o));
    const { count } = await this.catalogue.totals({ fiscalYear: v.fiscalYear, framework: v.framework, ownerLevel: level });
    const slice = visible.slice(page.offset, page.offset + page.limit);
    const counts = await this.results.statusCounts(round.id, v.framework, slice.map((o) => o.code));
    const nodes = slice.map((o): ReportingStatus => {
      const entry = counts.get(o.code);
      const c = entry?.counts ?? { DRAFT: 0, SUBMITTED: 0, RETURNED: 0, APPROVED: 0 };
      const started = c.DRAFT + c.SUBMITTED + c.RETURNED + c.APPROVED;
      return {
        orgLevel: o.level,
        orgCode: o.code,
        areaOfficeCode: o.areaOfficeCode,
        schoolCode: o.schoolCode,
        schoolId: o.schoolId,
        state: reportingState(count, c),
        indicatorCount: count,
        notStarted: Math.max(0, count - started),
        draft: c.DRAFT,
        submitted: c.SUBMITTED,
        returned: c.RETURNED,
        approved: c.APPROVED,
        updatedAt: entry?.updatedAt ?? null,
      };
    });
    return toConnection(nodes, page, visible.length);
  }
}
