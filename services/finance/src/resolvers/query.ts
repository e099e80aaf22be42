import { badInput } from '@smss/core';
import { toConnection, toPage } from '@smss/service-kit';
import { fiscalYearRange, parseIsoDate } from '@smss/thai';
import { fiscalYearOfDate } from '../modules/common/school-scope';
import type { FinanceContext } from '../context';
import { fiscalYearArg } from './shared';

export const fiscalYearObject = (year: number) => {
  const { start, end } = fiscalYearRange(year);
  return { year, startDate: start, endDate: end, label: `ปีงบประมาณ พ.ศ. ${year}` };
};

export const Query = {
  fiscalYear: (_: unknown, args: { year: number }) => fiscalYearObject(fiscalYearArg(args.year)),
  fiscalYearOf: (_: unknown, args: { date: string }) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(args.date) || !parseIsoDate(args.date)) {
      throw badInput(`"${args.date}" is not an ISO date`, `"${args.date}" ไม่ใช่วันที่รูปแบบ YYYY-MM-DD`, [
        { field: 'date', messageEn: 'must be YYYY-MM-DD', messageTh: 'ต้องอยู่ในรูปแบบ YYYY-MM-DD' },
      ]);
    }
    return fiscalYearObject(fiscalYearOfDate(args.date));
  },
  moneySources: (_: unknown, __: unknown, ctx: FinanceContext) => ctx.repos.payments.listMoneySources(),
  subsidyRates: (_: unknown, args: { fiscalYear: number }, ctx: FinanceContext) =>
    ctx.repos.subsidy.effectiveRates(fiscalYearArg(args.fiscalYear)),
  // Records by id: the trust layer answers null for unknown and out-of-scope ids alike.
  project: (_: unknown, args: { id: string }, ctx: FinanceContext) => ctx.loaders.project.load(args.id),
  paymentVoucher: (_: unknown, args: { id: string }, ctx: FinanceContext) =>
    ctx.loaders.voucher.load(args.id),
  budgetReport: (_: unknown, args: { schoolId: string; fiscalYear: number }, ctx: FinanceContext) =>
    ctx.services.reports.budgetReport(args.schoolId, fiscalYearArg(args.fiscalYear)),
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
