import type { MaybeViewer } from '@smss/auth';
import { conflict, inputProblems } from '@smss/core';
import { fiscalYearOf } from '@smss/thai';
import { hiddenRecord } from '@smss/trust';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AssetService } from '../asset/asset.service';
import { assertSchoolKeeper } from '../common/policy';
import { isoDate, optionalText, parseInput, problem, staffIds, uuid } from '../common/validation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { ReferenceRepository } from '../reference/reference.repository';
import type { ProcurementMethodRuleRow } from '../reference/reference-data';
import type { SummaryRepository } from '../summary/summary.repository';
import type { Procurement, ProcurementRepository } from './procurement.repository';
import { assertInspection, parseProcurement } from './procurement.rules';

export class ProcurementService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: ProcurementRepository,
    private readonly assets: AssetService,
    private readonly placements: SchoolPlacementRepository,
    private readonly reference: ReferenceRepository,
    private readonly summaries: SummaryRepository,
    private readonly today: () => string,
  ) {}

  async record(viewer: MaybeViewer, input: unknown): Promise<Procurement> {
    const rules = (await this.reference.procurementMethods()) as ProcurementMethodRuleRow[];
    const v = parseProcurement(input, this.today(), rules);
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(v.schoolId));
    const categories = new Set((await this.reference.assetCategories()).map((c) => c.code));
    const unknown = v.items.filter((i) => i.assetCategoryCode && !categories.has(i.assetCategoryCode));
    if (unknown.length)
      throw inputProblems(
        unknown.map((i) =>
          problem('items', `unknown asset category ${i.assetCategoryCode}`, 'ไม่รู้จักหมวดครุภัณฑ์นี้'),
        ),
      );
    const fiscalYear = fiscalYearOf(v.orderedOn);
    return this.db.transaction(async (m) => {
      const [taken] = await m.query(
        `SELECT 1 FROM procurement WHERE school_id = $1 AND fiscal_year = $2 AND lower(reference) = lower($3)`,
        [v.schoolId, fiscalYear, v.reference],
      );
      if (taken)
        throw conflict(
          `Reference ${v.reference} is already used in fiscal year ${fiscalYear}`,
          `เลขที่อ้างอิง ${v.reference} ถูกใช้แล้วในปีงบประมาณ ${fiscalYear}`,
          { reason: 'REFERENCE_TAKEN' },
        );
      const id = await this.repo.insert(m, { ...v, fiscalYear }, writer.subject);
      return (await this.repo.byIds([id], m))[0]!;
    });
  }

  /**
   * Receive after inspection: in one transaction the procurement is marked received and every unit of
   * every item with an asset category is registered as an asset (acquired on the receipt day, cost =
   * unit price, method PURCHASE, linked to the procurement).
   */
  async receive(viewer: MaybeViewer, args: unknown, requestId: string): Promise<Procurement> {
    const today = this.today();
    const v = parseInput(
      z.object({
        id: uuid,
        input: z.object({
          receivedOn: isoDate.refine((d) => d <= today, 'must not be in the future'),
          inspectionCommitteeStaffIds: staffIds(1, 15),
          location: optionalText(200),
          custodianStaffId: uuid.nullish(),
        }),
      }),
      args,
    );
    const [found] = await this.repo.byIds([v.id]);
    if (!found) throw hiddenRecord();
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const p = (await this.repo.lock(m, v.id))!;
      if (p.status === 'RECEIVED')
        throw conflict('The procurement was already received', 'การจัดซื้อนี้ตรวจรับแล้ว', { reason: 'RECEIVED' });
      if (v.input.receivedOn < p.orderedOn)
        throw inputProblems([problem('receivedOn', `must not be before the order (${p.orderedOn})`)]);
      assertInspection(p.contractAmount, v.input.inspectionCommitteeStaffIds);
      await this.repo.markReceived(m, p.id, v.input.receivedOn, v.input.inspectionCommitteeStaffIds);
      const units = p.items.flatMap((item) =>
        item.assetCategoryCode
          ? Array.from({ length: item.quantity }, () => ({
              schoolId: p.schoolId,
              categoryCode: item.assetCategoryCode!,
              description: item.description,
              brandModel: null,
              serialNumber: null,
              acquisitionMethod: 'PURCHASE' as const,
              acquiredOn: v.input.receivedOn,
              cost: item.unitPrice,
              usage: item.assetUsage ?? 'OTHER',
              location: v.input.location,
              buildingId: null,
              custodianStaffId: v.input.custodianStaffId ?? null,
              procurementId: p.id,
            }))
          : [],
      );
      await this.assets.createAssets(m, units, writer.subject, requestId);
      await this.summaries.refreshSchools(m, [p.schoolId]);
      return (await this.repo.byIds([p.id], m))[0]!;
    });
  }
}
