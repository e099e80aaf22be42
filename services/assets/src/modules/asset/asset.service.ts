import type { MaybeViewer } from '@smss/auth';
import { AppError, conflict, inputProblems } from '@smss/core';
import { AssetChanged, enqueueEvents, type AssetChangedPayload } from '@smss/events';
import { compare, money, nonNegativeAmount, positiveAmount, toMoneyString } from '@smss/money';
import { fiscalYearOf, fiscalYearRange, formatThaiDate } from '@smss/thai';
import { hiddenRecord } from '@smss/trust';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { assertSchoolDirector, assertSchoolKeeper, visibleSchool } from '../common/policy';
import { buddhistYear, isoDate, optionalText, parseInput, problem, text, uuid } from '../common/validation';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { ReferenceRepository } from '../reference/reference.repository';
import type { SummaryRepository } from '../summary/summary.repository';
import { registerFile, type ReportFileOut } from './register-file';
import type { AssetRepository } from './asset.repository';
import type { Asset, AssetDisposal, NewAsset } from './asset.types';
import { bookValueOnDisposal, depreciationSchedule, yearlyCharge } from './depreciation';

const USAGES = ['TEACHING', 'ADMINISTRATION', 'OTHER'] as const;
const STATUSES_A_PERSON_SETS = ['IN_USE', 'DAMAGED', 'MISSING'] as const;

/** The state of an asset as `assets.asset.changed.v1` carries it (no custodian). */
export function assetChangedEvent(a: Asset, change: AssetChangedPayload['change']): AssetChangedPayload {
  return {
    assetId: a.id,
    schoolId: a.schoolId,
    schoolCode: a.schoolCode,
    areaOfficeCode: a.areaOfficeCode,
    provinceCode: a.provinceCode,
    change,
    code: a.code,
    categoryCode: a.categoryCode,
    usage: a.usage,
    status: a.status,
    acquiredOn: a.acquiredOn,
    cost: toMoneyString(a.cost),
    capitalised: a.capitalised,
    usefulLifeYears: a.usefulLifeYears,
    disposedOn: a.disposedOn,
    version: a.version,
  };
}

/** Use cases of durable goods: validation and authorisation here, SQL in the repository, one transaction per write. */
export class AssetService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: AssetRepository,
    private readonly placements: SchoolPlacementRepository,
    private readonly reference: ReferenceRepository,
    private readonly summaries: SummaryRepository,
    private readonly today: () => string,
  ) {}

  /**
   * Register assets in the caller's transaction: codes from each school/category/fiscal-year sequence,
   * capitalised when the cost reaches the threshold in force on the acquisition day, the category's
   * useful life fixed on the asset; one `assets.asset.changed.v1` per asset. The caller refreshes the
   * schools' summaries.
   */
  async createAssets(m: EntityManager, items: NewAsset[], by: string, requestId?: string): Promise<Asset[]> {
    if (!items.length) return [];
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = `${item.schoolId}|${item.categoryCode}|${fiscalYearOf(item.acquiredOn)}`;
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const codes: string[] = new Array(items.length);
    for (const [key, indexes] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const [schoolId, categoryCode, fy] = key.split('|');
      const next = await this.repo.nextCodes(m, schoolId!, categoryCode!, Number(fy), indexes.length);
      indexes.forEach((index, j) => (codes[index] = next[j]!));
    }
    const rows = [];
    for (const [i, item] of items.entries()) {
      const category = await this.reference.assetCategory(item.categoryCode);
      if (!category) throw inputProblems([problem('categoryCode', `unknown category ${item.categoryCode}`)]);
      rows.push({
        ...item,
        code: codes[i]!,
        capitalised: compare(item.cost, await this.reference.thresholdOn(item.acquiredOn)) >= 0,
        usefulLifeYears: category.usefulLifeYears,
      });
    }
    const ids = await this.repo.insertMany(m, rows, by);
    const assets = await this.repo.byIds(ids, m);
    const byId = new Map(assets.map((a) => [a.id, a]));
    const ordered = ids.map((id) => byId.get(id)!);
    await enqueueEvents(
      m,
      AssetChanged,
      ordered.map((a) => ({
        aggregateId: a.id,
        payload: assetChangedEvent(a, 'REGISTERED'),
        meta: requestId ? { correlationId: requestId } : {},
      })),
    );
    return ordered;
  }

  async register(viewer: MaybeViewer, input: unknown, requestId: string): Promise<Asset> {
    const today = this.today();
    const v = parseInput(
      z.object({
        schoolId: uuid,
        categoryCode: z.string().regex(/^\d{4}-\d{3}$/, 'must be a category code such as 7440-002'),
        description: text(300),
        brandModel: optionalText(200),
        serialNumber: optionalText(100),
        acquisitionMethod: z.enum(['PURCHASE', 'DONATION', 'TRANSFER_IN']),
        acquiredOn: isoDate.refine((d) => d <= today, 'must not be in the future'),
        cost: positiveAmount,
        usage: z.enum(USAGES),
        location: optionalText(200),
        buildingId: uuid.nullish(),
        custodianStaffId: uuid.nullish(),
      }),
      input,
    );
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(v.schoolId));
    if (!(await this.reference.assetCategory(v.categoryCode)))
      throw inputProblems([problem('categoryCode', `unknown category ${v.categoryCode}`)]);
    return this.db.transaction(async (m) => {
      if (v.buildingId) await this.assertBuildingOf(m, v.buildingId, v.schoolId);
      const [asset] = await this.createAssets(
        m,
        [
          {
            ...v,
            buildingId: v.buildingId ?? null,
            custodianStaffId: v.custodianStaffId ?? null,
            procurementId: null,
          },
        ],
        writer.subject,
        requestId,
      );
      await this.summaries.refreshSchools(m, [v.schoolId]);
      return asset!;
    });
  }

  async update(
    viewer: MaybeViewer,
    args: { id: unknown; expectedVersion: unknown; input: unknown },
    requestId: string,
  ) {
    const { id, expectedVersion } = parseInput(
      z.object({ id: uuid, expectedVersion: z.number().int().positive() }),
      args,
    );
    const input = parseInput(
      z.object({
        description: text(300).optional(),
        brandModel: optionalText(200).optional(),
        serialNumber: optionalText(100).optional(),
        usage: z.enum(USAGES).optional(),
        location: optionalText(200).optional(),
        buildingId: uuid.nullish(),
        custodianStaffId: uuid.nullish(),
        status: z
          .enum(STATUSES_A_PERSON_SETS, 'may be IN_USE, DAMAGED or MISSING (disposal has its own steps)')
          .optional(),
      }),
      args.input ?? {},
    );
    const raw = (args.input ?? {}) as Record<string, unknown>;
    const [found] = await this.repo.byIds([id]);
    if (!found) throw hiddenRecord();
    assertSchoolKeeper(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const current = (await this.repo.lockById(m, id))!;
      if (current.version !== expectedVersion)
        throw conflict(
          `The asset changed since it was read (version ${current.version}, not ${expectedVersion})`,
          'ข้อมูลครุภัณฑ์ถูกแก้ไขไปแล้วหลังจากที่อ่าน กรุณาโหลดข้อมูลใหม่',
          { reason: 'VERSION_MISMATCH', currentVersion: current.version },
        );
      if (current.status === 'DISPOSED' || current.status === 'PENDING_DISPOSAL')
        throw conflict(
          'An asset being disposed of, or disposed of, cannot be changed',
          'ครุภัณฑ์ที่อยู่ระหว่างจำหน่ายหรือจำหน่ายแล้วแก้ไขไม่ได้',
          { reason: 'DISPOSAL', status: current.status },
        );
      const has = (k: string) => Object.prototype.hasOwnProperty.call(raw, k) && raw[k] !== undefined;
      const next = {
        description: input.description ?? current.description,
        brandModel: has('brandModel') ? (input.brandModel ?? null) : current.brandModel,
        serialNumber: has('serialNumber') ? (input.serialNumber ?? null) : current.serialNumber,
        usage: input.usage ?? current.usage,
        location: has('location') ? (input.location ?? null) : current.location,
        buildingId: has('buildingId') ? (input.buildingId ?? null) : current.buildingId,
        custodianStaffId: has('custodianStaffId')
          ? (input.custodianStaffId ?? null)
          : current.custodianStaffId,
        status: input.status ?? current.status,
      };
      if (next.buildingId && next.buildingId !== current.buildingId)
        await this.assertBuildingOf(m, next.buildingId, current.schoolId);
      const same = (Object.keys(next) as Array<keyof typeof next>).every((k) => next[k] === current[k]);
      if (same) return current;
      await this.repo.update(m, id, next);
      const [after] = await this.repo.byIds([id], m);
      await enqueueEvents(m, AssetChanged, [
        {
          aggregateId: id,
          payload: assetChangedEvent(after!, next.status !== current.status ? 'STATUS_CHANGED' : 'UPDATED'),
          meta: requestId ? { correlationId: requestId } : {},
        },
      ]);
      await this.summaries.refreshSchools(m, [current.schoolId]);
      return after!;
    });
  }

  /** Ask to dispose of an asset (the school's staff); the director decides. */
  async requestDisposal(viewer: MaybeViewer, input: unknown, requestId: string): Promise<AssetDisposal> {
    const v = parseInput(
      z.object({
        assetId: uuid,
        method: z.enum(['SALE', 'EXCHANGE', 'TRANSFER', 'DESTRUCTION', 'WRITE_OFF']),
        reason: text(1000),
        proceeds: nonNegativeAmount.nullish(),
        recipient: optionalText(300),
      }),
      input,
    );
    const problems = [];
    if ((v.method === 'SALE' || v.method === 'EXCHANGE') && v.proceeds == null)
      problems.push(
        problem(
          'proceeds',
          'a sale or an exchange needs its proceeds',
          'การขายหรือแลกเปลี่ยนต้องระบุจำนวนเงินที่ได้รับ',
        ),
      );
    if (['SALE', 'EXCHANGE', 'TRANSFER'].includes(v.method) && !v.recipient)
      problems.push(problem('recipient', 'a sale, exchange or transfer needs the buyer or receiving agency'));
    if (!['SALE', 'EXCHANGE'].includes(v.method) && v.proceeds != null)
      problems.push(
        problem(
          'proceeds',
          'only a sale or an exchange has proceeds',
          'เฉพาะการขายหรือแลกเปลี่ยนเท่านั้นที่มีเงินที่ได้รับ',
        ),
      );
    if (problems.length) throw inputProblems(problems);
    const [found] = await this.repo.byIds([v.assetId]);
    if (!found) throw hiddenRecord();
    const writer = assertSchoolKeeper(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const asset = (await this.repo.lockById(m, v.assetId))!;
      if (asset.status === 'DISPOSED' || asset.status === 'PENDING_DISPOSAL')
        throw conflict(
          'The asset is already being disposed of, or disposed of',
          'ครุภัณฑ์นี้อยู่ระหว่างจำหน่ายหรือจำหน่ายแล้ว',
          {
            reason: 'DISPOSAL',
            status: asset.status,
          },
        );
      if (v.method === 'WRITE_OFF' && asset.status !== 'MISSING')
        throw new AppError(
          'BAD_USER_INPUT',
          'Only an asset found missing can be written off as lost',
          'จำหน่ายเป็นสูญได้เฉพาะครุภัณฑ์ที่ตรวจพบว่าสูญหาย',
          { reason: 'NOT_MISSING' },
        );
      const id = await this.repo.insertDisposal(
        m,
        {
          assetId: asset.id,
          schoolId: asset.schoolId,
          method: v.method,
          reason: v.reason,
          proceeds: v.proceeds ?? null,
          recipient: v.recipient,
          assetStatusBefore: asset.status,
          requestedOn: this.today(),
        },
        writer.subject,
      );
      await this.repo.setStatus(m, [asset.id], 'PENDING_DISPOSAL');
      const [after] = await this.repo.byIds([asset.id], m);
      await enqueueEvents(m, AssetChanged, [
        {
          aggregateId: asset.id,
          payload: assetChangedEvent(after!, 'STATUS_CHANGED'),
          meta: requestId ? { correlationId: requestId } : {},
        },
      ]);
      return (await this.repo.disposalsByIds([id], m))[0]!;
    });
  }

  /** The director approves (the asset leaves the register on `disposedOn`, default today) or rejects. */
  async decideDisposal(viewer: MaybeViewer, args: unknown, requestId: string): Promise<AssetDisposal> {
    const today = this.today();
    const v = parseInput(
      z.object({
        id: uuid,
        approve: z.boolean(),
        note: optionalText(1000),
        disposedOn: isoDate.refine((d) => d <= today, 'must not be in the future').nullish(),
      }),
      args,
    );
    const [found] = await this.repo.disposalsByIds([v.id]);
    if (!found) throw hiddenRecord();
    const director = assertSchoolDirector(viewer, await this.placements.byId(found.schoolId));
    return this.db.transaction(async (m) => {
      const disposal = (await this.repo.lockDisposal(m, v.id))!;
      if (disposal.status !== 'PENDING')
        throw conflict('The disposal was already decided', 'คำขอจำหน่ายนี้ได้รับการพิจารณาแล้ว', {
          reason: 'DECIDED',
          status: disposal.status,
        });
      const asset = (await this.repo.lockById(m, disposal.assetId))!;
      const disposedOn = v.approve ? (v.disposedOn ?? today) : null;
      if (disposedOn && disposedOn <= asset.acquiredOn)
        throw inputProblems([
          problem('disposedOn', `must be after the acquisition date ${asset.acquiredOn}`),
        ]);
      const bookValue = disposedOn ? bookValueOnDisposal(asset, disposedOn) : null;
      await this.repo.decideDisposal(
        m,
        v.id,
        { approved: v.approve, decidedOn: today, disposedOn, note: v.note, bookValue },
        director.subject,
      );
      if (disposedOn) await this.repo.setStatus(m, [asset.id], 'DISPOSED', disposedOn);
      else await this.repo.setStatus(m, [asset.id], disposal.assetStatusBefore);
      const [after] = await this.repo.byIds([asset.id], m);
      await enqueueEvents(m, AssetChanged, [
        {
          aggregateId: asset.id,
          payload: assetChangedEvent(after!, disposedOn ? 'DISPOSED' : 'STATUS_CHANGED'),
          meta: requestId ? { correlationId: requestId } : {},
        },
      ]);
      await this.summaries.refreshSchools(m, [asset.schoolId]);
      return (await this.repo.disposalsByIds([v.id], m))[0]!;
    });
  }

  /**
   * The durable-goods register (ทะเบียนคุมทรัพย์สิน) of a school for a fiscal year: every asset on the
   * register at some time in the year, with the year's depreciation and the figures at 30 September.
   * Readable by whoever may see the school's records (the trust layer's rule); no personal column.
   */
  async exportRegister(viewer: MaybeViewer, args: unknown): Promise<ReportFileOut> {
    const v = parseInput(
      z.object({ schoolId: uuid, fiscalYear: buddhistYear, format: z.enum(['XLSX', 'CSV']).nullish() }),
      args,
    );
    const placement = await this.placements.byId(v.schoolId);
    visibleSchool(viewer, placement);
    const { start, end } = fiscalYearRange(v.fiscalYear);
    const assets = await this.repo.onRegisterDuring(v.schoolId, start, end);
    const categories = new Map((await this.reference.assetCategories()).map((c) => [c.code, c]));
    const methodTh = { PURCHASE: 'จัดซื้อ', DONATION: 'รับบริจาค', TRANSFER_IN: 'รับโอน' } as const;
    const statusTh = {
      IN_USE: 'ใช้งานได้',
      DAMAGED: 'ชำรุด',
      MISSING: 'สูญหาย',
      PENDING_DISPOSAL: 'รอจำหน่าย',
      DISPOSED: 'จำหน่ายแล้ว',
    } as const;
    const rows = assets.map((a, i) => {
      const year = depreciationSchedule(a).find((r) => r.fiscalYear === v.fiscalYear);
      const before = depreciationSchedule(a)
        .filter((r) => r.fiscalYear < v.fiscalYear)
        .at(-1);
      const accumulated =
        year?.accumulatedDepreciation ?? before?.accumulatedDepreciation ?? (a.capitalised ? '0.00' : null);
      return {
        no: i + 1,
        code: a.code,
        description: a.description,
        brandModel: a.brandModel,
        serialNumber: a.serialNumber,
        category: categories.get(a.categoryCode)?.nameTh ?? a.categoryCode,
        acquiredOn: formatThaiDate(a.acquiredOn, { style: 'short' }),
        method: methodTh[a.acquisitionMethod],
        cost: a.cost,
        life: a.usefulLifeYears,
        rate: a.capitalised
          ? toMoneyString(money('100').dividedBy(a.usefulLifeYears).toDecimalPlaces(2))
          : null,
        yearlyCharge: a.capitalised ? toMoneyString(yearlyCharge(a)) : null,
        depreciation: a.capitalised ? (year?.depreciation ?? '0.00') : null,
        accumulated,
        bookValue: accumulated === null ? null : toMoneyString(money(a.cost).minus(accumulated)),
        location: a.location,
        status:
          a.disposedOn && a.disposedOn <= end
            ? statusTh.DISPOSED
            : statusTh[a.status === 'DISPOSED' ? 'IN_USE' : a.status],
        disposedOn:
          a.disposedOn && a.disposedOn <= end ? formatThaiDate(a.disposedOn, { style: 'short' }) : null,
      };
    });
    return registerFile(`asset-register-${placement!.schoolCode}-${v.fiscalYear}`, v.format ?? 'XLSX', {
      sheetName: `ทะเบียนคุมทรัพย์สิน ${v.fiscalYear}`,
      title: [
        `ทะเบียนคุมทรัพย์สิน โรงเรียน${placement!.nameTh} (${placement!.schoolCode}) ปีงบประมาณ พ.ศ. ${v.fiscalYear}`,
        `ข้อมูล ณ วันที่ ${formatThaiDate(end)} · มูลค่าสุทธิคงเหลือขั้นต่ำ 1 บาท · ราคาต่ำกว่าเกณฑ์ไม่คิดค่าเสื่อมราคา`,
      ],
      columns: [
        { key: 'no', header: 'ลำดับ (No.)', width: 8 },
        { key: 'code', header: 'หมายเลขครุภัณฑ์ (Asset code)', width: 22 },
        { key: 'description', header: 'รายการ (Description)', width: 30 },
        { key: 'brandModel', header: 'ยี่ห้อ/รุ่น (Brand, model)', width: 20 },
        { key: 'serialNumber', header: 'หมายเลขเครื่อง (Serial no.)', width: 18 },
        { key: 'category', header: 'หมวด (Category)', width: 22 },
        { key: 'acquiredOn', header: 'วันที่ได้มา (Acquired)', width: 14 },
        { key: 'method', header: 'วิธีได้มา (Method)', width: 12 },
        { key: 'cost', header: 'ราคาทุน (Cost)', money: true },
        { key: 'life', header: 'อายุการใช้งาน ปี (Life)', width: 10 },
        { key: 'rate', header: 'อัตราค่าเสื่อม % (Rate)', money: true, width: 10 },
        { key: 'yearlyCharge', header: 'ค่าเสื่อมราคาต่อปี (Yearly charge)', money: true },
        { key: 'depreciation', header: 'ค่าเสื่อมราคาปีนี้ (This year)', money: true },
        { key: 'accumulated', header: 'ค่าเสื่อมราคาสะสม (Accumulated)', money: true },
        { key: 'bookValue', header: 'มูลค่าสุทธิ (Book value)', money: true },
        { key: 'location', header: 'สถานที่ตั้ง (Location)', width: 18 },
        { key: 'status', header: 'สถานะ (Status)', width: 12 },
        { key: 'disposedOn', header: 'วันที่จำหน่าย (Disposed)', width: 14 },
      ],
      rows,
    });
  }

  private async assertBuildingOf(m: EntityManager, buildingId: string, schoolId: string) {
    const [row] = await m.query(`SELECT 1 FROM building WHERE id = $1 AND school_id = $2`, [
      buildingId,
      schoolId,
    ]);
    if (!row)
      throw inputProblems([
        problem('buildingId', 'must be a building of the same school', 'ต้องเป็นอาคารของโรงเรียนเดียวกัน'),
      ]);
  }
}
