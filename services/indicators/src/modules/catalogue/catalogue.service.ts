import type { DataSource } from 'typeorm';
import { type MaybeViewer } from '@smss/auth';
import { conflict, inputProblems, notFound, parseInput } from '@smss/core';
import { INDICATOR_FRAMEWORKS, ORGANISATION_LEVELS } from '@smss/events';
import { Decimal } from '@smss/money';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { z } from 'zod';
import type { ResultRepository } from '../results/result.repository';
import type { RoundRepository } from '../rounds/round.repository';
import { toScoreString } from '../scoring/score';
import type { CatalogueRepository } from './catalogue.repository';
import {
  assertCanManageCatalogue,
  CATALOGUE_MESSAGES_TH,
  fiscalYearSchema,
  parseIndicatorInput,
  parseIndicatorUpdate,
} from './catalogue.rules';
import type { IndicatorDraft, IndicatorRecord } from './catalogue.types';

const filterSchema = z.object({
  fiscalYear: fiscalYearSchema,
  framework: z.enum(INDICATOR_FRAMEWORKS),
  ownerLevel: z.enum(ORGANISATION_LEVELS).nullish(),
});

/** Use cases of the catalogue: validation and authorisation here, SQL in the repositories, one transaction per write. */
export class CatalogueService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: CatalogueRepository,
    private readonly rounds: RoundRepository,
    private readonly results: ResultRepository,
  ) {}

  async create(viewer: MaybeViewer, input: unknown): Promise<IndicatorRecord> {
    const admin = assertCanManageCatalogue(viewer);
    const draft = parseIndicatorInput(input);
    return this.db.transaction(async (m) => {
      await this.assertWeightFits(m, draft, null);
      if (await this.repo.codeTaken(m, draft))
        throw conflict(
          `Indicator ${draft.code} already exists in ${draft.framework} ${draft.fiscalYear}`,
          `มีตัวชี้วัดรหัส ${draft.code} ใน ${draft.framework} ปีงบประมาณ ${draft.fiscalYear} แล้ว`,
        );
      const id = await this.repo.insert(m, draft, admin.subject);
      await this.rounds.ensureYear(m, draft.fiscalYear, admin.subject);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  /** Change an indicator; every result of it is scored again in the same transaction. */
  async update(viewer: MaybeViewer, id: string, input: unknown): Promise<IndicatorRecord> {
    const admin = assertCanManageCatalogue(viewer);
    return this.db.transaction(async (m) => {
      const current = await this.repo.lock(m, id);
      if (!current) throw notFound('Indicator', 'ตัวชี้วัด', id);
      const { next, expectedVersion } = parseIndicatorUpdate(current, input);
      if (expectedVersion !== current.version)
        throw conflict(
          `Indicator ${current.code} was changed meanwhile (version ${current.version}, you read ${expectedVersion})`,
          `ตัวชี้วัด ${current.code} ถูกแก้ไขไปแล้ว (รุ่น ${current.version}) กรุณาโหลดข้อมูลใหม่`,
          { currentVersion: current.version },
        );
      await this.assertWeightFits(m, next, id);
      await this.repo.update(m, id, next, admin.subject);
      await this.results.rescore(m, [id]);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  /**
   * Copy a year's catalogue (one framework or all) to another year, with that year's four rounds.
   * Refused when the target year already has indicators of a framework being copied.
   */
  async copy(
    viewer: MaybeViewer,
    args: { fromFiscalYear: unknown; toFiscalYear: unknown; framework?: unknown },
  ): Promise<{ fromFiscalYear: number; toFiscalYear: number; copied: number; indicators: IndicatorRecord[] }> {
    const admin = assertCanManageCatalogue(viewer);
    const v = parseInput(
      z.object({
        fromFiscalYear: fiscalYearSchema,
        toFiscalYear: fiscalYearSchema,
        framework: z.enum(INDICATOR_FRAMEWORKS).nullish(),
      }),
      args,
      { ...CATALOGUE_MESSAGES_TH, fromFiscalYear: CATALOGUE_MESSAGES_TH.fiscalYear!, toFiscalYear: CATALOGUE_MESSAGES_TH.fiscalYear! },
    );
    if (v.toFiscalYear === v.fromFiscalYear)
      throw inputProblems([
        {
          field: 'toFiscalYear',
          messageEn: 'must differ from fromFiscalYear',
          messageTh: 'ปีงบประมาณปลายทางต้องไม่ใช่ปีเดียวกับต้นทาง',
        },
      ]);
    return this.db.transaction(async (m) => {
      const from = new Set(await this.repo.frameworksOfYear(m, v.fromFiscalYear));
      const wanted = v.framework ? [v.framework] : [...from];
      if (!wanted.length || !wanted.every((f) => from.has(f)))
        throw notFound('Catalogue', 'บัญชีตัวชี้วัด', `${v.framework ?? ''} ${v.fromFiscalYear}`.trim());
      const taken = (await this.repo.frameworksOfYear(m, v.toFiscalYear)).filter((f) => wanted.includes(f as never));
      if (taken.length)
        throw conflict(
          `Fiscal year ${v.toFiscalYear} already has a ${taken.join(', ')} catalogue`,
          `ปีงบประมาณ ${v.toFiscalYear} มีบัญชีตัวชี้วัด ${taken.join(', ')} อยู่แล้ว`,
        );
      const ids = await this.repo.copyYear(m, v.fromFiscalYear, v.toFiscalYear, v.framework ?? null, admin.subject);
      await this.rounds.ensureYear(m, v.toFiscalYear, admin.subject);
      const indicators = await this.repo.ofYear({ fiscalYear: v.toFiscalYear, framework: v.framework ?? null }, undefined, m);
      return { fromFiscalYear: v.fromFiscalYear, toFiscalYear: v.toFiscalYear, copied: ids.length, indicators };
    });
  }

  /** A page of a year's catalogue in code order, with the sum of the weights the filter selects. */
  async page(
    args: PageArgs & { fiscalYear: unknown; framework: unknown; ownerLevel?: unknown },
  ): Promise<Connection<IndicatorRecord> & { weightTotal: string }> {
    const f = parseInput(filterSchema, args, CATALOGUE_MESSAGES_TH);
    const page = toPage(args);
    const [rows, totals] = await Promise.all([
      this.repo.ofYear(f, page),
      this.repo.totals({ fiscalYear: f.fiscalYear, framework: f.framework, ownerLevel: f.ownerLevel }),
    ]);
    return { ...toConnection(rows, page, totals.count), weightTotal: totals.weightTotal };
  }

  /** KRS and ARS weights of one level may sum to 100 at most (exactly 100 before results are submitted). */
  private async assertWeightFits(
    m: Parameters<CatalogueRepository['weightOfLevel']>[0],
    d: IndicatorDraft,
    exceptId: string | null,
  ): Promise<void> {
    if (d.framework === 'PMQA') return;
    const others = await this.repo.weightOfLevel(m, d, exceptId);
    const total = new Decimal(others).plus(new Decimal(d.weight));
    if (total.greaterThan(100))
      throw inputProblems([
        {
          field: 'weight',
          messageEn: `the weights of ${d.framework} ${d.fiscalYear} (${d.ownerLevel}) would sum to ${toScoreString(total)}, above 100`,
          messageTh: `น้ำหนักรวมของตัวชี้วัด ${d.framework} ปี ${d.fiscalYear} ระดับ ${d.ownerLevel} จะเป็น ${toScoreString(total)} เกิน 100`,
        },
      ]);
  }
}
