import { toConnection, toPage } from '@smss/service-kit';
import { money, sum, toMoneyString } from '@smss/money';
import type { FinanceContext } from '../context';
import { seesSchoolRecords } from '../trust';
import { fiscalYearArg } from './shared';

interface SchoolRef {
  id: string;
}

type PageArgs = { first?: number | null; after?: string | null };

/**
 * The finance of a school as fields of the directory's `School`. `School` itself is the directory
 * stub (not a record); what these fields return are the school's records, which the trust layer
 * scopes one by one. In front of each list's SQL the same row rule is the list filter, so a viewer
 * outside the school gets empty lists and connections with `totalCount` 0 — no error, no count.
 */
export const School = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  allocations: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    if (!(await seesSchoolRecords(ctx, 'SubsidyAllocation', s.id))) return [];
    return ctx.loaders.allocationItems.load(`${s.id}|${fiscalYear}`);
  },
  allocationAdjustments: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    if (!(await seesSchoolRecords(ctx, 'AllocationAdjustment', s.id))) return [];
    return ctx.loaders.adjustments.load(`${s.id}|${fiscalYear}`);
  },
  actionPlan: (s: SchoolRef, args: { fiscalYear: number }) => ({
    schoolId: s.id,
    fiscalYear: fiscalYearArg(args.fiscalYear),
  }),
  receipts: async (s: SchoolRef, args: { fiscalYear: number } & PageArgs, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    const page = toPage(args);
    if (!(await seesSchoolRecords(ctx, 'Receipt', s.id))) return toConnection([], page, 0);
    const { rows, total } = await ctx.repos.payments.receipts(s.id, fiscalYear, page.limit, page.offset);
    return toConnection(rows, page, total);
  },
  paymentVouchers: async (
    s: SchoolRef,
    args: { fiscalYear: number; status?: 'PENDING_APPROVAL' | 'APPROVED' | 'CANCELLED' | null } & PageArgs,
    ctx: FinanceContext,
  ) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    const page = toPage(args);
    if (!(await seesSchoolRecords(ctx, 'PaymentVoucher', s.id))) return toConnection([], page, 0);
    const { rows, total } = await ctx.repos.payments.vouchers(
      s.id,
      fiscalYear,
      args.status ?? null,
      page.limit,
      page.offset,
    );
    rows.forEach((v) => ctx.loaders.voucher.prime(v.id, v));
    return toConnection(rows, page, total);
  },
  moneySourceBalances: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    if (!(await seesSchoolRecords(ctx, 'MoneySourceBalance', s.id))) return [];
    return (await ctx.repos.ledger.balances(s.id, fiscalYear)).map((b) => ({
      ...b,
      schoolId: s.id,
      fiscalYear,
    }));
  },
  journal: async (s: SchoolRef, args: { fiscalYear: number } & PageArgs, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    const page = toPage(args);
    if (!(await seesSchoolRecords(ctx, 'JournalEntry', s.id))) return toConnection([], page, 0);
    const { rows, total } = await ctx.repos.ledger.entries(s.id, fiscalYear, page.limit, page.offset);
    return toConnection(rows, page, total);
  },
  trialBalance: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    if (!(await seesSchoolRecords(ctx, 'TrialBalance', s.id))) return null;
    const rows = await ctx.repos.ledger.trialBalance(s.id, fiscalYear);
    const totalDebit = sum(rows.map((r) => r.debit));
    const totalCredit = sum(rows.map((r) => r.credit));
    return {
      schoolId: s.id,
      fiscalYear,
      rows: rows.map((r) => ({ ...r, balance: toMoneyString(money(r.debit).minus(money(r.credit))) })),
      totalDebit: toMoneyString(totalDebit),
      totalCredit: toMoneyString(totalCredit),
      balanced: totalDebit.equals(totalCredit),
    };
  },
};

export const TrialBalanceRow = {
  account: (r: { accountCode: string }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.ledgerAccount.load(r.accountCode),
  moneySource: (r: { moneySourceCode: string }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(r.moneySourceCode),
};

export const MoneySourceBalance = {
  moneySource: (r: { moneySourceCode: string }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(r.moneySourceCode),
  available: (r: { closing: string; withholdingTaxPayable: string }) =>
    toMoneyString(money(r.closing).minus(money(r.withholdingTaxPayable))),
};

export const JournalEntry = {
  lines: (e: { id: string }, _: unknown, ctx: FinanceContext) => ctx.loaders.journalLines.load(e.id),
  createdAt: (e: { createdAt: Date }) => e.createdAt.toISOString(),
};

export const JournalLine = {
  account: (l: { accountCode: string }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.ledgerAccount.load(l.accountCode),
  moneySource: (l: { moneySourceCode: string }, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(l.moneySourceCode),
};
