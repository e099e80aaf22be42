import type { MaybeViewer } from '@smss/auth';
import { conflict, inputProblems } from '@smss/core';
import { AssetChanged, enqueueEvents } from '@smss/events';
import { fiscalYearRange } from '@smss/thai';
import { hiddenRecord } from '@smss/trust';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { assetChangedEvent } from '../asset/asset.service';
import type { AssetRepository } from '../asset/asset.repository';
import { assertSchoolDirector, assertSchoolKeeper } from '../common/policy';
import {
  buddhistYear,
  isoDate,
  optionalText,
  parseInput,
  problem,
  staffIds,
  uuid,
} from '../common/validation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { SummaryRepository } from '../summary/summary.repository';
import type { StockTake, StockTakeRepository } from './stock-take.repository';

/*
 * The yearly stock-take (ตรวจสอบพัสดุประจำปี): the director appoints a committee which checks every durable
 * good on the register; missing and damaged ones are marked when it completes (Ministry of Finance
 * Regulation on Public Procurement and Supplies Administration B.E. 2560, clause 213 — from memory,
 * unverified). The committee's findings then lead to disposals (clauses 215–217).
 */
export class StockTakeService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: StockTakeRepository,
    private readonly assets: AssetRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly summaries: SummaryRepository,
    private readonly today: () => string,
  ) {}

  async open(viewer: MaybeViewer, input: unknown): Promise<StockTake> {
    const today = this.today();
    const v = parseInput(
      z.object({
        schoolId: uuid,
        fiscalYear: buddhistYear,
        startedOn: isoDate.refine((d) => d <= today, 'must not be in the future').nullish(),
        committeeStaffIds: staffIds(1, 15),
      }),
      input,
    );
    const startedOn = v.startedOn ?? today;
    const { start } = fiscalYearRange(v.fiscalYear);
    if (startedOn < start)
      throw inputProblems([
        problem('startedOn', `a stock-take of fiscal year ${v.fiscalYear} starts on or after ${start}`),
      ]);
    const director = assertSchoolDirector(viewer, await this.placements.byId(v.schoolId));
    return this.db.transaction(async (m) => {
      const [exists] = await m.query(`SELECT 1 FROM stock_take WHERE school_id = $1 AND fiscal_year = $2`, [
        v.schoolId,
        v.fiscalYear,
      ]);
      if (exists)
        throw conflict(
          `The school already has a stock-take of fiscal year ${v.fiscalYear}`,
          `โรงเรียนมีการตรวจสอบพัสดุของปีงบประมาณ ${v.fiscalYear} แล้ว`,
          { reason: 'EXISTS' },
        );
      const id = await this.repo.open(m, { ...v, startedOn }, director.subject);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  async record(viewer: MaybeViewer, args: unknown): Promise<StockTake> {
    const v = parseInput(
      z.object({
        stockTakeId: uuid,
        results: z
          .array(
            z.object({
              assetId: uuid,
              result: z.enum(['FOUND', 'MISSING', 'DAMAGED']),
              note: optionalText(1000),
            }),
          )
          .min(1)
          .max(500)
          .refine(
            (list) => new Set(list.map((r) => r.assetId)).size === list.length,
            'must not repeat an asset',
          ),
      }),
      args,
    );
    const [found] = await this.repo.byIds([v.stockTakeId]);
    if (!found) throw hiddenRecord();
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const take = (await this.repo.lock(m, v.stockTakeId))!;
      if (take.status === 'COMPLETED')
        throw conflict(
          'The stock-take is completed: its results are final',
          'การตรวจสอบพัสดุเสร็จสิ้นแล้ว แก้ไขผลไม่ได้',
          {
            reason: 'COMPLETED',
          },
        );
      const unknown = await this.repo.record(m, take.id, v.results, this.today(), writer.subject);
      if (unknown.length)
        throw inputProblems(
          unknown.map((id) =>
            problem(
              'results',
              `asset ${id} is not on this stock-take's register`,
              'ครุภัณฑ์นี้ไม่อยู่ในรายการตรวจสอบพัสดุครั้งนี้',
            ),
          ),
        );
      return (await this.repo.byIds([take.id], m))[0]!;
    });
  }

  async complete(viewer: MaybeViewer, args: unknown, requestId: string): Promise<StockTake> {
    const v = parseInput(z.object({ id: uuid }), args);
    const [found] = await this.repo.byIds([v.id]);
    if (!found) throw hiddenRecord();
    assertSchoolDirector(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const take = (await this.repo.lock(m, v.id))!;
      if (take.status === 'COMPLETED')
        throw conflict('The stock-take is already completed', 'การตรวจสอบพัสดุเสร็จสิ้นแล้ว', {
          reason: 'COMPLETED',
        });
      if (take.counts.notCounted > 0)
        throw conflict(
          `${take.counts.notCounted} assets on the register have no result yet`,
          `ยังมีครุภัณฑ์ ${take.counts.notCounted} รายการที่ยังไม่ได้บันทึกผลการตรวจนับ`,
          { reason: 'NOT_COUNTED', notCounted: take.counts.notCounted },
        );
      const items = await this.repo.itemsByResult(m, take.id);
      const current = new Map(
        (
          await this.assets.byIds(
            items.map((i) => i.assetId),
            m,
          )
        ).map((a) => [a.id, a]),
      );
      // The register follows the findings for assets still in use, damaged or missing (not those being disposed of).
      const change = (result: string, status: 'IN_USE' | 'DAMAGED' | 'MISSING') =>
        items
          .filter((i) => i.result === result)
          .map((i) => current.get(i.assetId)!)
          .filter((a) => a && ['IN_USE', 'DAMAGED', 'MISSING'].includes(a.status) && a.status !== status)
          .map((a) => a.id);
      const missing = change('MISSING', 'MISSING');
      const damaged = change('DAMAGED', 'DAMAGED');
      const foundAgain = items
        .filter((i) => i.result === 'FOUND' && current.get(i.assetId)?.status === 'MISSING')
        .map((i) => i.assetId);
      await this.assets.setStatus(m, missing, 'MISSING');
      await this.assets.setStatus(m, damaged, 'DAMAGED');
      await this.assets.setStatus(m, foundAgain, 'IN_USE');
      const changed = await this.assets.byIds([...missing, ...damaged, ...foundAgain], m);
      await enqueueEvents(
        m,
        AssetChanged,
        changed.map((a) => ({
          aggregateId: a.id,
          payload: assetChangedEvent(a, 'STATUS_CHANGED'),
          meta: requestId ? { correlationId: requestId } : {},
        })),
      );
      await this.repo.complete(m, take.id, this.today());
      await this.summaries.refreshSchools(m, [take.schoolId]);
      return (await this.repo.byIds([take.id], m))[0]!;
    });
  }
}
