import { decimalArgument } from '@smss/money';
import type { FinanceContext } from '../context';
import { exportAccess } from '../trust';
import { withDecimals } from './shared';

type Input = Record<string, unknown>;

const voucherInput = (input: Input) => {
  const out = withDecimals(input, ['withholdingTaxPercent']);
  if (Array.isArray(out.lines)) {
    out.lines = (out.lines as Input[]).map((l, i) => ({
      ...l,
      amount: decimalArgument(l.amount, `lines.${i}.amount`),
    }));
  }
  return out;
};

/** Thin: map arguments to a service call; services validate, authorise and run one transaction. */
export const Mutation = {
  setSubsidyRate: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.rates.setRate(ctx.viewer, withDecimals(args.input, ['amountPerYear'])),
  createStrategy: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.createStrategy(ctx.viewer, args.input),
  createProject: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.createProject(ctx.viewer, withDecimals(args.input, ['requestedBudget'])),
  updateProject: (_: unknown, args: { id: string; input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.updateProject(ctx.viewer, args.id, withDecimals(args.input, ['requestedBudget'])),
  approveProjectBudget: (_: unknown, args: { id: string; approvedBudget: unknown }, ctx: FinanceContext) =>
    ctx.services.actionPlan.approveBudget(
      ctx.viewer,
      args.id,
      decimalArgument(args.approvedBudget, 'approvedBudget'),
    ),
  evaluateProject: (_: unknown, args: { id: string; input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.evaluateProject(ctx.viewer, args.id, args.input),
  createActivity: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.createActivity(
      ctx.viewer,
      withDecimals(args.input, ['requestedBudget', 'approvedBudget']),
    ),
  evaluateActivity: (_: unknown, args: { id: string; input: Input }, ctx: FinanceContext) =>
    ctx.services.actionPlan.evaluateActivity(ctx.viewer, args.id, args.input),
  recordReceipt: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.moneyIn.recordReceipt(ctx.viewer, withDecimals(args.input, ['amount'])),
  createPaymentVoucher: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.vouchers.create(ctx.viewer, voucherInput(args.input)),
  updatePaymentVoucher: (_: unknown, args: { id: string; input: Input }, ctx: FinanceContext) =>
    ctx.services.vouchers.update(ctx.viewer, args.id, voucherInput(args.input)),
  approvePaymentVoucher: (_: unknown, args: { id: string }, ctx: FinanceContext) =>
    ctx.services.vouchers.approve(ctx.viewer, args.id),
  cancelPaymentVoucher: (_: unknown, args: { id: string; reason: string }, ctx: FinanceContext) =>
    ctx.services.vouchers.cancel(ctx.viewer, args.id, args.reason),
  recordMoneyReturned: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.moneyIn.recordMoneyReturned(ctx.viewer, withDecimals(args.input, ['amount'])),
  exportFinanceReport: (_: unknown, args: { input: Input }, ctx: FinanceContext) =>
    ctx.services.reports.exportReport(exportAccess(ctx), args.input),
};
