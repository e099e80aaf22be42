import { z } from 'zod';
import { badInput } from '@smss/core';
import { recordVisibility, requireViewer, type MaybeViewer } from '@smss/auth';
import { hiddenRecord } from '@smss/trust';
import { SUBSIDY_ITEMS } from '@smss/events';
import { reportFile, type ReportFileOut } from '@smss/files';
import { add, money, sum, toMoneyString } from '@smss/money';
import { fiscalYearNumber, parseInput, uuid } from '../common/validation';
import type { PlacementRepository } from '../directory/placement.repository';
import type { ActionPlanRepository, ProjectRow } from '../action-plan/action-plan.repository';
import type { BalanceRow, LedgerRepository } from '../ledger/ledger.repository';
import type { PaymentsRepository } from '../payments/payments.repository';
import type { BreakdownRow, SubsidyRepository } from '../subsidy/subsidy.repository';
import type { ExportAccess } from '../../trust';
import { voucherRegisterTable } from './voucher-register';

const FILE_OPTIONS = { creator: 'SMSS finance' };

export interface ProjectBudgetRow {
  project: ProjectRow;
  approvedBudget: string;
  spent: string;
  committed: string;
  remaining: string;
}

export interface BudgetReport {
  schoolId: string;
  fiscalYear: number;
  projects: ProjectBudgetRow[];
  moneySources: Array<BalanceRow & { schoolId: string; fiscalYear: number }>;
  totalApproved: string;
  totalSpent: string;
}

/** Exports larger than this must be narrowed (area office, province) or go through a bulk job. */
export const MAX_EXPORT_ROWS = 50_000;

const exportSchema = z.object({
  report: z.enum(['BUDGET_VS_SPENT', 'ALLOCATION_BREAKDOWN', 'VOUCHER_REGISTER']),
  format: z.enum(['CSV', 'XLSX']),
  fiscalYear: fiscalYearNumber,
  schoolId: uuid.nullish(),
  areaOfficeCode: z
    .string()
    .regex(/^\d{4}$/, 'must be 4 digits')
    .nullish(),
  provinceCode: z
    .string()
    .regex(/^\d{2}$/, 'must be 2 digits')
    .nullish(),
});

const tooManyRows = (total: number) =>
  badInput(
    `The export would have ${total} rows (limit ${MAX_EXPORT_ROWS}); narrow it to an area office or province`,
    `รายงานมี ${total} แถว เกินกำหนด ${MAX_EXPORT_ROWS} แถว กรุณาเลือกเขตพื้นที่หรือจังหวัด`,
  );

const ITEM_HEADERS: Record<string, string> = {
  TUITION: 'tuition ค่าจัดการเรียนการสอน',
  TEXTBOOKS: 'textbooks ค่าหนังสือเรียน',
  LEARNING_MATERIALS: 'learning_materials ค่าอุปกรณ์การเรียน',
  UNIFORMS: 'uniforms ค่าเครื่องแบบนักเรียน',
  STUDENT_ACTIVITIES: 'student_activities ค่ากิจกรรมพัฒนาคุณภาพผู้เรียน',
  EEF_CONDITIONAL_CASH_TRANSFER: 'eef_cct เงินอุดหนุนนักเรียนยากจนพิเศษ กสศ.',
};

/** Reports (budget versus spent; allocation breakdown) and their CSV/XLSX exports. */
export class ReportService {
  constructor(
    private readonly plans: ActionPlanRepository,
    private readonly ledger: LedgerRepository,
    private readonly payments: PaymentsRepository,
    private readonly subsidy: SubsidyRepository,
    private readonly placements: PlacementRepository,
  ) {}

  /**
   * A school's budget against spending. Who may see it is the trust layer's (GraphQL) or the export's
   * check; an unknown school is NOT_FOUND, exactly like one the viewer may not see.
   */
  async budgetReport(schoolId: string, fiscalYear: number): Promise<BudgetReport> {
    const args = parseInput(z.object({ schoolId: uuid, fiscalYear: fiscalYearNumber }), {
      schoolId,
      fiscalYear,
    });
    const placement = await this.placements.byId(args.schoolId);
    if (!placement) throw hiddenRecord();
    const projects = await this.plans.projectsBySchoolYear(args.schoolId, args.fiscalYear);
    const ids = projects.map((p) => p.id);
    const [spent, committed, balances] = await Promise.all([
      this.ledger.spentByProjects(ids),
      this.payments.committedByProjects(ids),
      this.ledger.balances(args.schoolId, args.fiscalYear),
    ]);
    const rows = projects.map((project) => {
      const approved = project.approvedBudget ?? '0';
      const s = spent.get(project.id) ?? '0';
      const c = committed.get(project.id) ?? '0';
      return {
        project,
        approvedBudget: toMoneyString(approved),
        spent: toMoneyString(s),
        committed: toMoneyString(c),
        remaining: toMoneyString(money(approved).minus(add(s, c))),
      };
    });
    return {
      schoolId: args.schoolId,
      fiscalYear: args.fiscalYear,
      projects: rows,
      moneySources: balances.map((b) => ({ ...b, schoolId: args.schoolId, fiscalYear: args.fiscalYear })),
      totalApproved: toMoneyString(sum(rows.map((r) => r.approvedBudget))),
      totalSpent: toMoneyString(sum(rows.map((r) => r.spent))),
    };
  }

  /**
   * Exports apply the trust layer's rules to the rows they write (the layer cannot see inside a
   * file): only records of schools the viewer may see (NOT_FOUND for a school out of scope, as for an
   * unknown one), personal values masked or audited (`access`, the same rules as the layer).
   */
  async exportReport(access: ExportAccess, raw: unknown): Promise<ReportFileOut> {
    const viewer = requireViewer(access.viewer);
    const input = parseInput(exportSchema, raw);
    if (input.report === 'BUDGET_VS_SPENT' || input.report === 'VOUCHER_REGISTER') {
      if (!input.schoolId) {
        throw badInput(`${input.report} needs schoolId`, 'รายงานนี้ต้องระบุโรงเรียน (schoolId)', [
          { field: 'schoolId', messageEn: 'required', messageTh: 'ต้องระบุ' },
        ]);
      }
      const recordType = input.report === 'BUDGET_VS_SPENT' ? 'BudgetReport' : 'PaymentVoucher';
      if (!(await access.seesSchool(recordType, input.schoolId))) throw hiddenRecord();
    }
    if (input.report === 'VOUCHER_REGISTER') {
      const placement = await this.placements.byId(input.schoolId!);
      if (!placement) throw hiddenRecord();
      const { table, total } = await voucherRegisterTable(
        { payments: this.payments, plans: this.plans },
        access,
        input.schoolId!,
        input.fiscalYear,
        MAX_EXPORT_ROWS,
      );
      if (total > MAX_EXPORT_ROWS) throw tooManyRows(total);
      return reportFile(
        `vouchers-${placement.schoolCode}-${input.fiscalYear}`,
        input.format,
        [table],
        FILE_OPTIONS,
      );
    }
    if (input.report === 'BUDGET_VS_SPENT') {
      const report = await this.budgetReport(input.schoolId!, input.fiscalYear);
      const placement = (await this.placements.byId(input.schoolId!))!;
      const strategies = new Map(
        (
          await this.plans.strategiesByIds([...new Set(report.projects.map((r) => r.project.strategyId))])
        ).map((s) => [s.id, s.code]),
      );
      return reportFile(
        `budget-vs-spent-${placement.schoolCode}-${input.fiscalYear}`,
        input.format,
        [
          {
            sheetName: 'Projects',
            columns: [
              { key: 'strategy', header: 'strategy กลยุทธ์' },
              { key: 'code', header: 'project_code รหัสโครงการ' },
              { key: 'name', header: 'project โครงการ', width: 40 },
              { key: 'source', header: 'money_source แหล่งเงิน' },
              { key: 'approved', header: 'approved_budget งบที่อนุมัติ', money: true },
              { key: 'spent', header: 'spent ใช้จ่ายจริง', money: true },
              { key: 'committed', header: 'committed ผูกพัน', money: true },
              { key: 'remaining', header: 'remaining คงเหลือ', money: true },
            ],
            rows: report.projects.map((r) => ({
              strategy: strategies.get(r.project.strategyId) ?? null,
              code: r.project.code,
              name: r.project.nameTh,
              source: r.project.moneySourceCode,
              approved: r.approvedBudget,
              spent: r.spent,
              committed: r.committed,
              remaining: r.remaining,
            })),
          },
          {
            sheetName: 'Money sources',
            columns: [
              { key: 'source', header: 'money_source แหล่งเงิน' },
              { key: 'opening', header: 'opening ยกมา', money: true },
              { key: 'received', header: 'received รับ', money: true },
              { key: 'paid', header: 'paid จ่าย', money: true },
              { key: 'refunded', header: 'refunded รับคืน', money: true },
              { key: 'returned', header: 'returned ส่งคืน', money: true },
              { key: 'closing', header: 'closing คงเหลือ', money: true },
              { key: 'wht', header: 'withholding_tax_payable ภาษีรอนำส่ง', money: true },
              { key: 'spent', header: 'spent ค่าใช้จ่าย', money: true },
            ],
            rows: report.moneySources.map((b) => ({
              source: b.moneySourceCode,
              opening: b.opening,
              received: b.received,
              paid: b.paid,
              refunded: b.refunded,
              returned: b.returned,
              closing: b.closing,
              wht: b.withholdingTaxPayable,
              spent: b.spent,
            })),
          },
        ],
        FILE_OPTIONS,
      );
    }
    const listed = await this.allBreakdownRows(viewer, {
      fiscalYear: input.fiscalYear,
      areaOfficeCode: input.areaOfficeCode,
      provinceCode: input.provinceCode,
      schoolId: input.schoolId,
    });
    // Second wall behind the SQL filter: every row again through the layer's row rule.
    const seen = await Promise.all(
      listed.map((r) => access.seesSchool('AllocationBreakdownRow', r.schoolId)),
    );
    const rows = listed.filter((_, i) => seen[i]);
    const names = await this.placements.namesByIds([...new Set(rows.map((r) => r.schoolId))]);
    const scope = input.schoolId
      ? (rows[0]?.schoolCode ?? input.schoolId)
      : (input.areaOfficeCode ?? input.provinceCode ?? 'all');
    return reportFile(
      `allocations-${scope}-${input.fiscalYear}`,
      input.format,
      [
        {
          sheetName: 'Allocations',
          columns: [
            { key: 'schoolCode', header: 'school_code รหัสโรงเรียน' },
            { key: 'schoolName', header: 'school โรงเรียน', width: 36 },
            { key: 'areaOfficeCode', header: 'area_office เขตพื้นที่' },
            { key: 'provinceCode', header: 'province จังหวัด' },
            { key: 'academicYear', header: 'academic_year ปีการศึกษา' },
            { key: 'round', header: 'round รอบ' },
            { key: 'snapshotVersion', header: 'snapshot_version รุ่นข้อมูล' },
            ...SUBSIDY_ITEMS.map((item) => ({ key: item, header: ITEM_HEADERS[item]!, money: true })),
            { key: 'total', header: 'total รวม', money: true },
          ],
          rows: rows.map((r) => {
            const byItem = new Map(r.items.map((i) => [i.item, i.amount]));
            return {
              schoolCode: r.schoolCode,
              schoolName: names.get(r.schoolId) ?? null,
              areaOfficeCode: r.areaOfficeCode,
              provinceCode: r.provinceCode,
              academicYear: r.academicYear,
              round: r.round,
              snapshotVersion: r.snapshotVersion,
              ...Object.fromEntries(SUBSIDY_ITEMS.map((item) => [item, byItem.get(item) ?? '0.00'])),
              total: r.total,
            };
          }),
        },
      ],
      FILE_OPTIONS,
    );
  }

  /**
   * Breakdown rows within the viewer's visibility, filtered in SQL by the same rule the trust layer
   * applies per row (the school's current placement): partners and schools out of reach get none.
   */
  async breakdownPage(
    viewer: MaybeViewer,
    filter: {
      fiscalYear: number;
      areaOfficeCode?: string | null;
      provinceCode?: string | null;
      schoolId?: string | null;
    },
    limit: number,
    offset: number,
  ): Promise<{ rows: BreakdownRow[]; total: number }> {
    const v = requireViewer(viewer);
    parseInput(z.object({ fiscalYear: fiscalYearNumber, schoolId: uuid.nullish() }), {
      fiscalYear: filter.fiscalYear,
      schoolId: filter.schoolId,
    });
    return this.subsidy.breakdown(filter, recordVisibility(v), limit, offset);
  }

  private async allBreakdownRows(
    viewer: MaybeViewer,
    filter: {
      fiscalYear: number;
      areaOfficeCode?: string | null;
      provinceCode?: string | null;
      schoolId?: string | null;
    },
  ): Promise<BreakdownRow[]> {
    const { rows, total } = await this.breakdownPage(viewer, filter, MAX_EXPORT_ROWS + 1, 0);
    if (total > MAX_EXPORT_ROWS) throw tooManyRows(total);
    return rows;
  }
}
