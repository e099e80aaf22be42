import type { FinanceContext } from '../context';
import { bahtText } from '../modules/common/baht-text';
import type { MoneyReturnRow, ReceiptRow, VoucherRow } from '../modules/payments/payments.repository';

export const Receipt = {
  receiptNumber: (r: ReceiptRow) => `${r.number}/${r.fiscalYear}`,
  moneySource: (r: ReceiptRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(r.moneySourceCode),
  amountText: (r: ReceiptRow) => bahtText(r.amount),
  recordedAt: (r: ReceiptRow) => r.recordedAt.toISOString(),
};

export const PaymentVoucher = {
  voucherNumber: (v: VoucherRow) => `${v.number}/${v.fiscalYear}`,
  project: (v: VoucherRow, _: unknown, ctx: FinanceContext) =>
    v.projectId ? ctx.loaders.project.load(v.projectId) : null,
  activity: (v: VoucherRow, _: unknown, ctx: FinanceContext) =>
    v.activityId ? ctx.loaders.activity.load(v.activityId) : null,
  moneySource: (v: VoucherRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(v.moneySourceCode),
  /**
   * The payee as a value object of the voucher (`@owner(by: "PARENT")`): the trust layer masks its name
   * and tax ID without `pii:read` (a proven company's stay readable) and audits every unmasked read
   * against this voucher — whatever the query looks like (fragments, aliases, @include).
   */
  payee: (v: VoucherRow) => ({ kind: v.payeeKind, name: v.payeeName, taxId: v.payeeTaxId }),
  lines: (v: VoucherRow, _: unknown, ctx: FinanceContext) => ctx.loaders.voucherLines.load(v.id),
  grossAmountText: (v: VoucherRow) => bahtText(v.grossAmount),
  netAmountText: (v: VoucherRow) => bahtText(v.netAmount),
  preparedAt: (v: VoucherRow) => v.preparedAt.toISOString(),
  approvedAt: (v: VoucherRow) => v.approvedAt?.toISOString() ?? null,
};

export const MoneyReturn = {
  moneySource: (r: MoneyReturnRow, _: unknown, ctx: FinanceContext) =>
    ctx.loaders.moneySource.load(r.moneySourceCode),
  project: (r: MoneyReturnRow, _: unknown, ctx: FinanceContext) =>
    r.projectId ? ctx.loaders.project.load(r.projectId) : null,
  amountText: (r: MoneyReturnRow) => bahtText(r.amount),
  recordedAt: (r: MoneyReturnRow) => r.recordedAt.toISOString(),
};
