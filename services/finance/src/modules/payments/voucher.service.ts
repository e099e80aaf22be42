import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { conflict } from '@smss/core';
import { hiddenRecord } from '@smss/trust';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { isValidNationalId } from '@smss/thai';
import { enqueueEvent, SpendingRecorded } from '@smss/events';
import {
  add,
  compare,
  money,
  nonNegativeAmount,
  percentOf,
  positiveAmount,
  subtract,
  sum,
  toMoneyString,
} from '@smss/money';
import { assertSchoolDirector, assertSchoolFinanceStaff, type SchoolPlacement } from '../common/policy';
import { fiscalYearOfDate, refused, requireMoneySource, requirePlacement } from '../common/school-scope';
import { isoDate, parseInput, text, uuid } from '../common/validation';
import type { PlacementRepository } from '../directory/placement.repository';
import type { ActionPlanRepository, ProjectRow } from '../action-plan/action-plan.repository';
import type { LedgerRepository } from '../ledger/ledger.repository';
import { ACCOUNT } from '../subsidy/default-rates';
import type { PaymentsRepository, VoucherFields, VoucherRow } from './payments.repository';

const payeeSchema = z
  .object({
    kind: z.enum(['PERSON', 'ORGANISATION']),
    name: text(200),
    taxId: z
      .string()
      .trim()
      .regex(/^\d{13}$/, 'must be 13 digits')
      .nullish(),
  })
  .refine((p) => !p.taxId || isValidNationalId(p.taxId), {
    path: ['taxId'],
    message: 'has a bad check digit',
  });

const linesSchema = z
  .array(z.object({ description: text(300), amount: positiveAmount }))
  .min(1, 'needs at least one line')
  .max(50, 'at most 50 lines');

const percentSchema = nonNegativeAmount.refine((p) => compare(p, '15') <= 0, 'must be between 0 and 15');

const createSchema = z.object({
  schoolId: uuid,
  date: isoDate,
  moneySourceCode: z.string().trim().min(1).max(40).nullish(),
  projectId: uuid.nullish(),
  activityId: uuid.nullish(),
  payee: payeeSchema,
  description: text(500),
  lines: linesSchema,
  withholdingTaxPercent: percentSchema.nullish(),
});

const updateSchema = z.object({
  expectedVersion: z.number().int().positive(),
  date: isoDate.nullish(),
  payee: payeeSchema.nullish(),
  description: text(500).nullish(),
  lines: linesSchema.nullish(),
  withholdingTaxPercent: percentSchema.nullish(),
});

/** Gross = Σlines; withholding tax = gross × percent rounded half up to the satang; net = gross − tax. */
export function voucherAmounts(lines: Array<{ amount: string }>, percent: string) {
  const gross = sum(lines.map((l) => l.amount));
  const tax = percentOf(gross, percent);
  const net = subtract(gross, tax);
  return {
    grossAmount: toMoneyString(gross),
    withholdingTaxPercent: toMoneyString(percent),
    withholdingTax: toMoneyString(tax),
    netAmount: toMoneyString(net),
  };
}

/**
 * Payment vouchers (ฎีกา): drawn up by the school's finance staff with the next running number of
 * the school and fiscal year, approved (and paid) by the director, posted to the ledger on approval.
 * Refusals (all BAD_USER_INPUT with a reason, nothing written): negative or zero amounts, unknown
 * money sources, a project of another school or fiscal year, over the project's remaining budget,
 * more than the money source holds; editing an approved voucher is a CONFLICT.
 */
export class VoucherService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PaymentsRepository,
    private readonly plans: ActionPlanRepository,
    private readonly ledger: LedgerRepository,
    private readonly placements: PlacementRepository,
  ) {}

  async create(viewer: MaybeViewer, raw: unknown): Promise<VoucherRow> {
    requireViewer(viewer);
    const input = parseInput(createSchema, raw);
    return this.db.transaction(async (m) => {
      const placement = await requirePlacement(this.placements, m, input.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      const fiscalYear = fiscalYearOfDate(input.date);
      const project = input.projectId
        ? await this.lockProject(m, input.projectId, placement, fiscalYear)
        : null;
      const moneySourceCode = this.moneySourceFor(input.moneySourceCode ?? null, project);
      await requireMoneySource(m, moneySourceCode);
      if (input.activityId) await this.checkActivity(m, input.activityId, project);
      const amounts = voucherAmounts(input.lines, input.withholdingTaxPercent ?? '0.00');
      this.assertNetPositive(amounts.netAmount);
      if (project) await this.assertWithinBudget(m, project, amounts.grossAmount, null);
      const number = await this.repo.nextNumber(m, placement.schoolId, fiscalYear, 'VOUCHER');
      return this.repo.insertVoucher(
        m,
        {
          schoolId: placement.schoolId,
          number,
          fiscalYear,
          date: input.date,
          projectId: project?.id ?? null,
          activityId: input.activityId ?? null,
          moneySourceCode,
          payeeKind: input.payee.kind,
          payeeName: input.payee.name,
          payeeTaxId: input.payee.taxId ?? null,
          description: input.description,
          lines: input.lines,
          ...amounts,
        },
        actor.subject,
      );
    });
  }

  async update(viewer: MaybeViewer, id: string, raw: unknown): Promise<VoucherRow> {
    requireViewer(viewer);
    const input = parseInput(updateSchema, raw);
    return this.db.transaction(async (m) => {
      const voucher = await this.lockVoucher(m, id);
      const placement = await requirePlacement(this.placements, m, voucher.schoolId);
      assertSchoolFinanceStaff(viewer, placement);
      this.assertPending(voucher, 'edit');
      if (voucher.version !== input.expectedVersion) {
        throw conflict(
          `Voucher ${voucher.number}/${voucher.fiscalYear} changed meanwhile (version ${voucher.version}, you sent ${input.expectedVersion})`,
          `ฎีกาเลขที่ ${voucher.number}/${voucher.fiscalYear} ถูกแก้ไขไปแล้ว กรุณาโหลดใหม่`,
        );
      }
      const date = input.date ?? voucher.date;
      if (fiscalYearOfDate(date) !== voucher.fiscalYear) {
        throw refused(
          'FISCAL_YEAR_CHANGE',
          `A voucher numbered in fiscal year ${voucher.fiscalYear} must stay dated in it`,
          `ฎีกาที่ออกเลขในปีงบประมาณ ${voucher.fiscalYear} ต้องลงวันที่ในปีงบประมาณเดียวกัน`,
        );
      }
      const lines =
        input.lines ??
        (await this.repo.voucherLines([id])).map((l) => ({ description: l.description, amount: l.amount }));
      const amounts = voucherAmounts(lines, input.withholdingTaxPercent ?? voucher.withholdingTaxPercent);
      this.assertNetPositive(amounts.netAmount);
      if (voucher.projectId) {
        const project = await this.lockProject(m, voucher.projectId, placement, voucher.fiscalYear);
        await this.assertWithinBudget(m, project, amounts.grossAmount, voucher.id);
      }
      const payee = input.payee ?? {
        kind: voucher.payeeKind,
        name: voucher.payeeName,
        taxId: voucher.payeeTaxId,
      };
      const fields: VoucherFields = {
        date,
        fiscalYear: voucher.fiscalYear,
        projectId: voucher.projectId,
        activityId: voucher.activityId,
        moneySourceCode: voucher.moneySourceCode,
        payeeKind: payee.kind,
        payeeName: payee.name,
        payeeTaxId: payee.taxId ?? null,
        description: input.description ?? voucher.description,
        lines,
        ...amounts,
      };
      const updated = await this.repo.updateVoucher(m, id, input.expectedVersion, fields);
      if (!updated) {
        throw conflict('The voucher changed meanwhile; reload and retry', 'ฎีกาถูกแก้ไขไปแล้ว กรุณาโหลดใหม่');
      }
      return updated;
    });
  }

  async approve(viewer: MaybeViewer, id: string): Promise<VoucherRow> {
    requireViewer(viewer);
    return this.db.transaction(async (m) => {
      const voucher = await this.lockVoucher(m, id);
      const placement = await requirePlacement(this.placements, m, voucher.schoolId);
      const actor = assertSchoolDirector(viewer, placement);
      this.assertPending(voucher, 'approve');
      // Everyone taking money out of this money source queues here: check and post as one step.
      await this.ledger.lockMoneySource(m, voucher.schoolId, voucher.moneySourceCode);
      if (voucher.projectId) {
        const project = await this.lockProject(m, voucher.projectId, placement, voucher.fiscalYear);
        await this.assertWithinBudget(m, project, voucher.grossAmount, voucher.id);
      }
      const position = await this.ledger.cashPosition(m, voucher.schoolId, voucher.moneySourceCode);
      const available = subtract(position.cash, position.withholdingTaxPayable);
      if (compare(voucher.grossAmount, available) > 0) {
        throw refused(
          'INSUFFICIENT_FUNDS',
          `Money source ${voucher.moneySourceCode} holds ${toMoneyString(available)} baht available, less than the voucher's ${voucher.grossAmount}`,
          `แหล่งเงิน ${voucher.moneySourceCode} มียอดที่ใช้ได้ ${toMoneyString(available)} บาท ไม่พอจ่ายฎีกา ${voucher.grossAmount} บาท`,
          { available: toMoneyString(available) },
        );
      }
      const approved = await this.repo.setStatus(m, id, 'APPROVED', actor.subject);
      await this.ledger.post(m, {
        schoolId: voucher.schoolId,
        fiscalYear: voucher.fiscalYear,
        date: voucher.date,
        kind: 'PAYMENT',
        referenceId: voucher.id,
        description: `ฎีกา ${voucher.number}/${voucher.fiscalYear}: ${voucher.description}`,
        actor: actor.subject,
        lines: [
          {
            account: ACCOUNT.EXPENSE,
            moneySourceCode: voucher.moneySourceCode,
            projectId: voucher.projectId,
            debit: voucher.grossAmount,
          },
          { account: ACCOUNT.CASH, moneySourceCode: voucher.moneySourceCode, credit: voucher.netAmount },
          {
            account: ACCOUNT.WHT_PAYABLE,
            moneySourceCode: voucher.moneySourceCode,
            credit: voucher.withholdingTax,
          },
        ],
      });
      // Spent: the war room's spending figures (no payee on the event).
      await enqueueEvent(m, SpendingRecorded, voucher.id, {
        entryId: voucher.id,
        kind: 'VOUCHER',
        schoolId: voucher.schoolId,
        schoolCode: placement.schoolCode,
        areaOfficeCode: placement.areaOfficeCode,
        provinceCode: placement.provinceCode,
        fiscalYear: voucher.fiscalYear,
        date: voucher.date,
        moneySourceCode: voucher.moneySourceCode,
        amount: voucher.grossAmount,
        recordedAt: (approved.approvedAt ?? new Date()).toISOString(),
      });
      return approved;
    });
  }

  async cancel(viewer: MaybeViewer, id: string, rawReason: unknown): Promise<VoucherRow> {
    requireViewer(viewer);
    const { reason } = parseInput(z.object({ reason: text(500) }), { reason: rawReason });
    return this.db.transaction(async (m) => {
      const voucher = await this.lockVoucher(m, id);
      const placement = await requirePlacement(this.placements, m, voucher.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      this.assertPending(voucher, 'cancel');
      return this.repo.setStatus(m, id, 'CANCELLED', actor.subject, reason);
    });
  }

  private async lockVoucher(m: EntityManager, id: string): Promise<VoucherRow> {
    const [voucher] = await this.repo.vouchersByIds([id], m, true);
    if (!voucher) throw hiddenRecord();
    return voucher;
  }

  private assertPending(voucher: VoucherRow, what: 'edit' | 'approve' | 'cancel'): void {
    if (voucher.status === 'PENDING_APPROVAL') return;
    throw conflict(
      `Voucher ${voucher.number}/${voucher.fiscalYear} is ${voucher.status.toLowerCase()} and cannot be ${
        { edit: 'edited', approve: 'approved', cancel: 'cancelled' }[what]
      }`,
      `ฎีกาเลขที่ ${voucher.number}/${voucher.fiscalYear} ${
        voucher.status === 'APPROVED' ? 'อนุมัติแล้ว' : 'ถูกยกเลิกแล้ว'
      } จึง${{ edit: 'แก้ไข', approve: 'อนุมัติ', cancel: 'ยกเลิก' }[what]}ไม่ได้`,
      { reason: voucher.status === 'APPROVED' ? 'VOUCHER_APPROVED' : 'VOUCHER_CANCELLED' },
    );
  }

  /** Lock the project row: budget checks of concurrent vouchers of one project run one after another. */
  private async lockProject(
    m: EntityManager,
    projectId: string,
    placement: SchoolPlacement,
    fiscalYear: number,
  ): Promise<ProjectRow> {
    const [project] = await this.plans.projectsByIds([projectId], m, true);
    if (!project || project.schoolId !== placement.schoolId) throw hiddenRecord();
    if (project.fiscalYear !== fiscalYear) {
      throw refused(
        'WRONG_FISCAL_YEAR',
        `The voucher is dated in fiscal year ${fiscalYear} but the project belongs to ${project.fiscalYear}`,
        `ฎีกาลงวันที่ในปีงบประมาณ ${fiscalYear} แต่โครงการอยู่ในปีงบประมาณ ${project.fiscalYear}`,
      );
    }
    return project;
  }

  private moneySourceFor(given: string | null, project: ProjectRow | null): string {
    if (!project) {
      if (!given) {
        throw refused(
          'MONEY_SOURCE_REQUIRED',
          'Give moneySourceCode (or a project)',
          'ต้องระบุแหล่งเงิน (หรือโครงการ)',
        );
      }
      return given;
    }
    if (given && given !== project.moneySourceCode) {
      throw refused(
        'MONEY_SOURCE_MISMATCH',
        `Project is funded by ${project.moneySourceCode}, not ${given}`,
        `โครงการใช้เงินจากแหล่ง ${project.moneySourceCode} ไม่ใช่ ${given}`,
      );
    }
    return project.moneySourceCode;
  }

  private async checkActivity(
    m: EntityManager,
    activityId: string,
    project: ProjectRow | null,
  ): Promise<void> {
    const [activity] = await this.plans.activitiesByIds([activityId], m);
    if (!activity || !project || activity.projectId !== project.id) {
      throw refused(
        'ACTIVITY_NOT_IN_PROJECT',
        'The activity must belong to the voucher’s project',
        'กิจกรรมต้องอยู่ในโครงการของฎีกา',
      );
    }
  }

  private assertNetPositive(net: string): void {
    if (compare(net, '0') <= 0) {
      throw refused('NET_NOT_POSITIVE', 'The net amount must be above zero', 'จำนวนเงินสุทธิต้องมากกว่าศูนย์');
    }
  }

  /** approved − spent − committed (other pending vouchers) must cover the gross amount. */
  private async assertWithinBudget(
    m: EntityManager,
    project: ProjectRow,
    gross: string,
    excludeVoucherId: string | null,
  ): Promise<void> {
    if (project.approvedBudget == null) {
      throw refused(
        'PROJECT_NOT_APPROVED',
        `Project "${project.nameTh}" has no approved budget yet`,
        `โครงการ "${project.nameTh}" ยังไม่ได้รับอนุมัติงบประมาณ`,
      );
    }
    const spent = (await this.ledger.spentByProjects([project.id], m)).get(project.id) ?? '0';
    const committed =
      (await this.repo.committedByProjects([project.id], m, excludeVoucherId)).get(project.id) ?? '0';
    const remaining = money(project.approvedBudget).minus(add(spent, committed));
    if (compare(gross, remaining) > 0) {
      throw refused(
        'OVER_BUDGET',
        `The voucher (${gross} baht) exceeds the project's remaining budget of ${toMoneyString(remaining)} baht`,
        `ฎีกา ${gross} บาท เกินงบคงเหลือของโครงการ ${toMoneyString(remaining)} บาท`,
        { remaining: toMoneyString(remaining) },
      );
    }
  }
}
