import { badInput, forbidden } from '@smss/core';
import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import { fiscalYearOf, fiscalYearRange, parseIsoDate } from '@smss/thai';
import type { FinanceContext } from '../context';
import { assertCanReadSchoolFinance } from '../modules/common/policy';
import { fiscalYearArg } from './shared';

export const fiscalYearObject = (year: number) => {
  const { start, end } = fiscalYearRange(year);
  return { year, startDate: start, endDate: end, label: `ปีงบประมาณ พ.ศ. ${year}` };
};

/**
 * Load a school's placement and check the viewer may read its finance. A school the finance
 * directory does not know (yet) has no finance records: OBEC gets null, everyone else FORBIDDEN.
 */
export async function readableSchool(ctx: FinanceContext, schoolId: string) {
  const viewer = requireViewer(ctx.viewer);
  const placement = await ctx.loaders.placement.load(schoolId);
  if (!placement) {
    if (viewer.level === 'OBEC') return null;
    throw forbidden(
      `You may not see the finance of school ${schoolId}`,
      `คุณไม่มีสิทธิ์ดูข้อมูลการเงินของโรงเรียน ${schoolId}`,
    );
  }
  assertCanReadSchoolFinance(viewer, placement);
  return placement;
}

export const Query = {
  fiscalYear: (_: unknown, args: { year: number }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    return fiscalYearObject(fiscalYearArg(args.year));
  },
  fiscalYearOf: (_: unknown, args: { date: string }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date) || !parseIsoDate(args.date)) {
      throw badInput(`"${args.date}" is not an ISO date`, `"${args.date}" ไม่ใช่วันที่รูปแบบ YYYY-MM-DD`, [
        { field: 'date', messageEn: 'must be YYYY-MM-DD', messageTh: 'ต้องอยู่ในรูปแบบ YYYY-MM-DD' },
      ]);
    }
    return fiscalYearObject(fiscalYearOf(args.date));
  },
  moneySources: async (_: unknown, __: unknown, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    return ctx.repos.payments.listMoneySources();
  },
  subsidyRates: async (_: unknown, args: { fiscalYear: number }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    return ctx.repos.subsidy.effectiveRates(fiscalYearArg(args.fiscalYear));
  },
  project: async (_: unknown, args: { id: string }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    const project = await ctx.loaders.project.load(args.id);
    if (!project) return null;
    await readableSchool(ctx, project.schoolId);
    return project;
  },
  paymentVoucher: async (_: unknown, args: { id: string }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    const voucher = await ctx.loaders.voucher.load(args.id);
    if (!voucher) return null;
    await readableSchool(ctx, voucher.schoolId);
    return voucher;
  },
  budgetReport: (_: unknown, args: { schoolId: string; fiscalYear: number }, ctx: FinanceContext) =>
    ctx.services.reports.budgetReport(ctx.viewer, args.schoolId, fiscalYearArg(args.fiscalYear)),
  allocationBreakdown: async (
    _: unknown,
    args: {
      filter: {
        fiscalYear: number;
        areaOfficeCode?: string | null;
        provinceCode?: string | null;
        schoolId?: string | null;
      };
      first?: number | null;
      after?: string | null;
    },
    ctx: FinanceContext,
  ) => {
    requireViewer(ctx.viewer);
    fiscalYearArg(args.filter.fiscalYear);
    const page = toPage(args);
    const { rows, total } = await ctx.services.reports.breakdownPage(
      ctx.viewer,
      args.filter,
      page.limit,
      page.offset,
    );
    const names = await ctx.repos.placements.namesByIds([...new Set(rows.map((r) => r.schoolId))]);
    return toConnection(
      rows.map((r) => ({ ...r, schoolNameTh: names.get(r.schoolId) ?? null })),
      page,
      total,
    );
  },
};
