import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { conflict, inputProblems, notFound, parseInput } from '@smss/core';
import {
  enqueueEvent,
  INDICATOR_FRAMEWORKS,
  IndicatorResultApproved,
  IndicatorResultSubmitted,
  type IndicatorResultSubmittedPayload,
} from '@smss/events';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { todayInBangkok } from '@smss/thai';
import { seesOrganisation } from '../../trust';
import { ORG_CODE, type Organisation } from '../access/organisation';
import type { CatalogueRepository } from '../catalogue/catalogue.repository';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';
import type { IndicatorRecord } from '../catalogue/catalogue.types';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { EvidenceRepository } from '../evidence/evidence.repository';
import type { MeasureRepository } from '../measures/measure.repository';
import type { RoundRepository } from '../rounds/round.repository';
import { isRoundMonth, roundStatus, type ReportingRoundRecord } from '../rounds/round.rules';
import { scoreOf, weightedScoreOf } from '../scoring/score';
import type { ResultRepository } from './result.repository';
import {
  assertCanDecide,
  assertCanReport,
  assertNoProblems,
  parseResultInput,
  parseReturnComment,
  resultProblems,
  RESULT_MESSAGES_TH,
  type ParsedResultInput,
} from './result.rules';
import type { ResultRecord, ResultWrite } from './result.types';

const listSchema = z.object({
  orgCode: z.string().regex(ORG_CODE),
  fiscalYear: fiscalYearSchema,
  framework: z.enum(INDICATOR_FRAMEWORKS),
  roundMonth: z.number().int().refine(isRoundMonth, 'must be 3, 6, 9 or 12'),
});

const LIST_MESSAGES_TH = { ...RESULT_MESSAGES_TH, fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569', framework: 'กรอบการประเมินต้องเป็น KRS, ARS หรือ PMQA' };

/** Unknown and out-of-scope results look the same. */
const resultNotFound = (id: string) => notFound('Indicator result', 'ผลการดำเนินงาน', id);

const orgOf = (r: ResultRecord) => ({ level: r.orgLevel, areaOfficeCode: r.areaOfficeCode, schoolCode: r.schoolCode });

export function eventFacts(r: ResultRecord): Omit<IndicatorResultSubmittedPayload, 'submittedAt'> {
  return {
    resultId: r.id,
    indicatorId: r.indicatorId,
    indicatorCode: r.indicatorCode,
    fiscalYear: r.fiscalYear,
    framework: r.framework,
    roundMonth: r.roundMonth,
    orgLevel: r.orgLevel,
    orgCode: r.orgCode,
    areaOfficeCode: r.areaOfficeCode,
    schoolCode: r.schoolCode,
    value: r.value,
    score: r.score ?? '0.00000',
    weightedScore: r.weightedScore ?? '0.00000',
    version: r.version,
  };
}

/**
 * Use cases of results: the reporting organisation saves and submits, the area director approves or
 * returns. Validation and authorisation here, SQL in the repositories, one transaction per write with
 * its event in the outbox.
 */
export class ResultService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ResultRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly rounds: RoundRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly evidence: EvidenceRepository,
    private readonly measures: MeasureRepository,
    private readonly today: () => string = () => todayInBangkok(),
  ) {}

  save(viewer: MaybeViewer, input: unknown, requestId: string): Promise<ResultRecord> {
    return this.write(viewer, input, 'draft', requestId);
  }

  submit(viewer: MaybeViewer, input: unknown, requestId: string): Promise<ResultRecord> {
    return this.write(viewer, input, 'submit', requestId);
  }

  private async write(
    viewer: MaybeViewer,
    input: unknown,
    mode: 'draft' | 'submit',
    requestId: string,
  ): Promise<ResultRecord> {
    const v = requireViewer(viewer);
    const r = parseResultInput(input);
    const [[indicator], [org]] = await Promise.all([
      this.catalogue.byIds([r.indicatorId]),
      this.placements.organisations([r.orgCode]),
    ]);
    if (!indicator) throw notFound('Indicator', 'ตัวชี้วัด', r.indicatorId);
    if (!org) throw notFound('Organisation', 'หน่วยงาน', r.orgCode);
    assertCanReport(v, org);
    assertNoProblems(resultProblems(indicator, org, r, mode));
    await this.assertOwnEvidence(org, r.evidenceFileIds);
    const round = await this.openRound(indicator, r.roundMonth, mode);
    if (mode === 'submit') await this.assertCatalogueComplete(indicator);
    const write = await this.scored(indicator, org, r, mode);
    return this.db.transaction(async (m) => {
      // One writer per (indicator, round, organisation): the first save of two racing ones inserts.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`indicators.result:${indicator.id}:${round.id}:${org.code}`]);
      const existing = await this.repo.lockByKey(m, { indicatorId: indicator.id, roundId: round.id, orgCode: org.code });
      let id: string;
      if (existing) {
        if (existing.status === 'SUBMITTED' || existing.status === 'APPROVED')
          throw conflict(
            `The result is ${existing.status.toLowerCase()}; it can change only after the approver returns it`,
            existing.status === 'APPROVED'
              ? 'ผลนี้ได้รับอนุมัติแล้ว แก้ไขไม่ได้'
              : 'ผลนี้ส่งแล้ว รอการอนุมัติ แก้ไขได้เมื่อถูกส่งกลับเท่านั้น',
            { status: existing.status },
          );
        if (r.expectedVersion !== null && r.expectedVersion !== existing.version)
          throw conflict(
            `The result was changed meanwhile (version ${existing.version}, you read ${r.expectedVersion})`,
            `ผลนี้ถูกแก้ไขไปแล้ว (รุ่น ${existing.version}) กรุณาโหลดข้อมูลใหม่`,
            { currentVersion: existing.version },
          );
        id = existing.id;
        await this.repo.update(m, id, mode === 'submit' ? 'SUBMITTED' : existing.status, write, v.subject);
      } else {
        id = await this.repo.insert(
          m,
          { indicatorId: indicator.id, roundId: round.id, org },
          mode === 'submit' ? 'SUBMITTED' : 'DRAFT',
          write,
          v.subject,
        );
        await this.repo.addHistory(m, id, 'DRAFT', v.subject);
      }
      await this.repo.setEvidence(m, id, r.evidenceFileIds);
      const saved = (await this.repo.byIds([id], m))[0]!;
      if (mode === 'submit') {
        await this.repo.addHistory(m, id, 'SUBMITTED', v.subject);
        await enqueueEvent(
          m,
          IndicatorResultSubmitted,
          id,
          { ...eventFacts(saved), submittedAt: saved.submittedAt! },
          requestId ? { correlationId: requestId } : {},
        );
      }
      return saved;
    });
  }

  approve(viewer: MaybeViewer, id: string, expectedVersion: unknown, requestId: string): Promise<ResultRecord> {
    return this.decide(viewer, id, 'APPROVED', null, expectedVersion, requestId);
  }

  return(
    viewer: MaybeViewer,
    id: string,
    comment: unknown,
    expectedVersion: unknown,
    requestId: string,
  ): Promise<ResultRecord> {
    return this.decide(viewer, id, 'RETURNED', comment, expectedVersion, requestId);
  }

  private async decide(
    viewer: MaybeViewer,
    id: string,
    decision: 'APPROVED' | 'RETURNED',
    rawComment: unknown,
    rawVersion: unknown,
    requestId: string,
  ): Promise<ResultRecord> {
    const v = requireViewer(viewer);
    const { expectedVersion } = parseInput(
      z.object({ expectedVersion: z.number().int().positive().nullish() }),
      { expectedVersion: rawVersion },
      RESULT_MESSAGES_TH,
    );
    const comment = decision === 'RETURNED' ? parseReturnComment(rawComment) : null;
    return this.db.transaction(async (m) => {
      const result = await this.repo.lockById(m, id);
      if (!result || !seesOrganisation(v, 'IndicatorResult', orgOf(result))) throw resultNotFound(id);
      assertCanDecide(v, result);
      if (result.status !== 'SUBMITTED')
        throw conflict(
          `Only a submitted result can be ${decision === 'APPROVED' ? 'approved' : 'returned'} (this one is ${result.status})`,
          decision === 'APPROVED' ? 'อนุมัติได้เฉพาะผลที่ส่งแล้วและรออนุมัติ' : 'ส่งกลับได้เฉพาะผลที่ส่งแล้วและรออนุมัติ',
          { status: result.status },
        );
      if (expectedVersion != null && expectedVersion !== result.version)
        throw conflict(
          `The result was changed meanwhile (version ${result.version}, you read ${expectedVersion})`,
          `ผลนี้ถูกแก้ไขไปแล้ว (รุ่น ${result.version}) กรุณาโหลดข้อมูลใหม่`,
          { currentVersion: result.version },
        );
      if (decision === 'RETURNED') {
        const [round] = await this.rounds.byIds([result.roundId]);
        if (round && roundStatus(round, this.today()) !== 'OPEN')
          throw conflict(
            'The round has closed: a result can no longer be returned for correction (approve it, or ask OBEC to reopen the round)',
            'รอบการรายงานปิดแล้ว ส่งกลับแก้ไขไม่ได้ (อนุมัติ หรือขอให้ สพฐ. เปิดรอบการรายงานอีกครั้ง)',
          );
      }
      await this.repo.decide(m, result.id, decision, v.subject, comment);
      await this.repo.addHistory(m, result.id, decision, v.subject, comment);
      const decided = (await this.repo.byIds([result.id], m))[0]!;
      if (decision === 'APPROVED')
        await enqueueEvent(
          m,
          IndicatorResultApproved,
          decided.id,
          { ...eventFacts(decided), approvedAt: decided.decidedAt!, approvedBy: v.subject },
          requestId ? { correlationId: requestId } : {},
        );
      return decided;
    });
  }

  /** One organisation's results of a round (empty for an organisation outside the viewer's reach). */
  async page(
    viewer: MaybeViewer,
    args: PageArgs & { orgCode: unknown; fiscalYear: unknown; framework: unknown; roundMonth: unknown },
  ): Promise<Connection<ResultRecord>> {
    const f = parseInput(listSchema, args, LIST_MESSAGES_TH);
    const page = toPage(args);
    const [org] = await this.placements.organisations([f.orgCode]);
    const round = org && (await this.rounds.byYearAndMonth(f.fiscalYear, f.roundMonth));
    if (!org || !round || !seesOrganisation(viewer, 'IndicatorResult', org)) return toConnection([], page, 0);
    const { rows, total } = await this.repo.page({ roundId: round.id, framework: f.framework, orgCode: org.code }, page);
    return toConnection(rows, page, total);
  }

  private async openRound(
    indicator: IndicatorRecord,
    month: ParsedResultInput['roundMonth'],
    mode: 'draft' | 'submit',
  ): Promise<ReportingRoundRecord> {
    const round = await this.rounds.byYearAndMonth(indicator.fiscalYear, month);
    if (!round) throw notFound('Reporting round', 'รอบการรายงาน', `${indicator.fiscalYear}/${month}`);
    const status = roundStatus(round, this.today());
    if (status === 'CLOSED' || (mode === 'submit' && status !== 'OPEN'))
      throw conflict(
        `Round ${month} of fiscal year ${indicator.fiscalYear} is ${status === 'CLOSED' ? 'closed' : 'not open yet'} (${round.opensOn} – ${round.closesOn})`,
        status === 'CLOSED'
          ? `รอบ ${month} เดือน ปีงบประมาณ ${indicator.fiscalYear} ปิดรับผลแล้ว`
          : `รอบ ${month} เดือน ปีงบประมาณ ${indicator.fiscalYear} ยังไม่เปิดรับผล`,
        { opensOn: round.opensOn, closesOn: round.closesOn },
      );
    return round;
  }

  /** Results are submitted against a complete catalogue level: its weights sum to exactly 100. */
  private async assertCatalogueComplete(indicator: IndicatorRecord): Promise<void> {
    const { weightTotal } = await this.catalogue.totals({
      fiscalYear: indicator.fiscalYear,
      framework: indicator.framework,
      ownerLevel: indicator.ownerLevel,
    });
    if (weightTotal !== '100.00000')
      throw conflict(
        `The ${indicator.framework} ${indicator.fiscalYear} catalogue of ${indicator.ownerLevel} weighs ${weightTotal}, not 100: OBEC completes it before results are submitted`,
        `น้ำหนักรวมของบัญชีตัวชี้วัด ${indicator.framework} ปี ${indicator.fiscalYear} เป็น ${weightTotal} ไม่ใช่ 100 สพฐ. ต้องปรับให้ครบก่อนส่งผล`,
        { weightTotal },
      );
  }

  /** Evidence files must be the organisation's own (another's, or an unknown id, looks the same). */
  private async assertOwnEvidence(org: Organisation, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const own = new Set((await this.evidence.byIds(ids)).filter((f) => f.orgCode === org.code).map((f) => f.id));
    const missing = ids.filter((id) => !own.has(id));
    if (missing.length)
      throw inputProblems([
        {
          field: 'evidenceFileIds',
          messageEn: `evidence file(s) ${missing.join(', ')} not found for ${org.code}`,
          messageTh: `ไม่พบไฟล์หลักฐานของหน่วยงาน ${org.code} ตามรหัสที่ระบุ`,
        },
      ]);
  }

  /** The figures a save writes: the value (typed, or the platform's), its score and weighted score. */
  private async scored(
    indicator: IndicatorRecord,
    org: Organisation,
    r: ParsedResultInput,
    mode: 'draft' | 'submit',
  ): Promise<ResultWrite> {
    let value = r.value;
    let valueSource: ResultWrite['valueSource'] = 'TYPED';
    if (indicator.measure) {
      const measured = await this.measures.valueOf(indicator.measure, org, indicator.fiscalYear);
      value = measured.value;
      valueSource = 'PLATFORM';
      if (mode === 'submit' && value === null)
        throw conflict(
          `The platform holds no ${indicator.measure} value for ${org.code} in ${indicator.fiscalYear} yet`,
          `ระบบยังไม่มีข้อมูลที่ใช้เป็นผลของตัวชี้วัดนี้สำหรับหน่วยงาน ${org.code} ในปีงบประมาณ ${indicator.fiscalYear}`,
          { measure: indicator.measure },
        );
    }
    const stepsDone = r.stepsDone ? [...r.stepsDone].sort((a, b) => a - b) : [];
    const score = scoreOf(indicator.scoring, {
      value,
      stepsDone: indicator.scoring.method === 'CHECKLIST' ? stepsDone : null,
      achieved: r.achieved,
    });
    return {
      value,
      valueSource,
      stepsDone,
      achieved: r.achieved,
      score,
      weightedScore: weightedScoreOf(score, indicator.weight),
      narrative: r.narrative,
      projectIds: r.projectIds,
      reporterName: r.reporterName,
      reporterPhone: r.reporterPhone,
    };
  }
}
