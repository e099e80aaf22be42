import type { FinanceContext } from '../context';
import type { AllocationSummaryRow } from '../modules/subsidy/subsidy.repository';
import { fiscalYearArg } from './shared';

const emptySummary = (fiscalYear: number): Omit<AllocationSummaryRow, 'key'> => ({
  fiscalYear,
  schoolCount: 0,
  total: '0.00',
  byItem: [],
  byRound: [],
});

/**
 * Area office and province allocation totals: aggregates (no record, no person), open to every
 * signed-in viewer, partners included; the trust layer authenticates the call.
 */
export const AreaOffice = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  allocationSummary: async (a: { code: string }, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    return (await ctx.loaders.areaSummary.load(`${a.code}|${fiscalYear}`)) ?? emptySummary(fiscalYear);
  },
};

export const Province = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  allocationSummary: async (p: { code: string }, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    return (await ctx.loaders.provinceSummary.load(`${p.code}|${fiscalYear}`)) ?? emptySummary(fiscalYear);
  },
};
