import type { FinanceContext } from '../context';
import { assertCanReadAggregates } from '../modules/common/policy';
import type { AllocationSummaryRow } from '../modules/subsidy/subsidy.repository';
import { fiscalYearArg } from './shared';

const emptySummary = (fiscalYear: number): Omit<AllocationSummaryRow, 'key'> => ({
  fiscalYear,
  schoolCount: 0,
  total: '0.00',
  byItem: [],
  byRound: [],
});

/** Aggregated allocations only (partners may read these with aggregates:read). */
export const AreaOffice = {
  __resolveReference: (ref: { code: string }, ctx: FinanceContext) => {
    assertCanReadAggregates(ctx.viewer, { areaOfficeCode: ref.code });
    return { code: ref.code };
  },
  allocationSummary: async (a: { code: string }, args: { fiscalYear: number }, ctx: FinanceContext) => {
    assertCanReadAggregates(ctx.viewer, { areaOfficeCode: a.code });
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    return (await ctx.loaders.areaSummary.load(`${a.code}|${fiscalYear}`)) ?? emptySummary(fiscalYear);
  },
};

export const Province = {
  __resolveReference: (ref: { code: string }, ctx: FinanceContext) => {
    assertCanReadAggregates(ctx.viewer, {});
    return { code: ref.code };
  },
  allocationSummary: async (p: { code: string }, args: { fiscalYear: number }, ctx: FinanceContext) => {
    assertCanReadAggregates(ctx.viewer, {});
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    return (await ctx.loaders.provinceSummary.load(`${p.code}|${fiscalYear}`)) ?? emptySummary(fiscalYear);
  },
};
