import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import { money, sum, toMoneyString } from '@smss/money';
import type { FinanceContext } from '../context';
import type { SchoolPlacement } from '../modules/common/policy';
import { readableSchool } from './query';
import { fiscalYearArg } from './shared';

interface SchoolRef {
  id: string;
}

type PageArgs = { first?: number | null; after?: string | null };

/** Every School field here is per-school finance: the same check as top-level reads, per field. */
const guard = async (s: SchoolRef, ctx: FinanceContext): Promise<SchoolPlacement | null> =>
  readableSchool(ctx, s.id);

export const School = {
  /**
   * `_entities` for School: batched (the placement loader) and authorised like top-level reads —
   * school staff their school, area officers their area, OBEC all, partners none.
   */
  __resolveReference: async (ref: { id: string }, ctx: FinanceContext) => {
    requireViewer(ctx.viewer);
    await readableSchool(ctx, ref.id);
    return { id: ref.id };
  },
  allocations: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    await guard(s, ctx);
    return ctx.loaders.allocationItems.load(`${s.id}|${fiscalYearArg(args.fiscalYear)}`);
  },
  allocationAdjustments: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    await guard(s, ctx);
    return ctx.loaders.adjustments.load(`${s.id}|${fiscalYearArg(args.fiscalYear)}`);
  },
  actionPlan: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    await guard(s, ctx);
    return { schoolId: s.id, fiscalYear: fiscalYearArg(args.fiscalYear) };
  },
  receipts: async (s: SchoolRef, args: { fiscalYear: number } & PageArgs, ctx: FinanceContext) => {
    await guard(s, ctx);
    const page = toPage(args);
    const { rows, total } = await ctx.repos.payments.receipts(
      s.id,
      fiscalYearArg(args.fiscalYear),
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
  paymentVouchers: async (
    s: SchoolRef,
    args: { fiscalYear: number; status?: 'PENDING_APPROVAL' | 'APPROVED' | 'CANCELLED' | null } & PageArgs,
    ctx: FinanceContext,
  ) => {
    await guard(s, ctx);
    const page = toPage(args);
    const { rows, total } = await ctx.repos.payments.vouchers(
      s.id,
      fiscalYearArg(args.fiscalYear),
      args.status ?? null,
      page.limit,
      page.offset,
    );
    rows.forEach((v) => ctx.loaders.voucher.prime(v.id, v));
    return toConnection(rows, page, total);
  },
  moneySourceBalances: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    await guard(s, ctx);
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    return (await ctx.repos.ledger.balances(s.id, fiscalYear)).map((b) => ({ ...b, fiscalYear }));
  },
  journal: async (s: SchoolRef, args: { fiscalYear: number } & PageArgs, ctx: FinanceContext) => {
    await guard(s, ctx);
    const page = toPage(args);
    const { rows, total } = await ctx.repos.ledger.entries(
      s.id,
      fiscalYearArg(args.fiscalYear),
      page.limit,
      page.offset,
    );
    return toConnection(rows, page, total);
  },
  trialBalance: async (s: SchoolRef, args: { fiscalYear: number }, ctx: FinanceContext) => {
    await guard(s, ctx);
    const fiscalYear = fiscalYearArg(args.fiscalYear);
    const rows = await ctx.repos.ledger.trialBalance(s.id, fiscalYear);
    const totalDebit = sum(rows.map((r) => r.debit));
    const totalCredit = sum(rows.map((r) => r.credit));
    return {
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
