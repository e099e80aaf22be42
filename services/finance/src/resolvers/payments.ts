import type { GraphQLResolveInfo } from 'graphql';
import { canReadPii, maskText } from '@smss/auth';
import type { FinanceContext } from '../context';
import { bahtText } from '../modules/common/baht-text';
import type { MoneyReturnRow, ReceiptRow, VoucherRow } from '../modules/payments/payments.repository';
import { selectedFields } from './shared';

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
   * A person payee's name and tax ID are personal data: masked without `pii:read`; with it, the
   * read is audit-logged (who, role, which voucher, which fields) before the data is returned.
   */
  payee: async (v: VoucherRow, _: unknown, ctx: FinanceContext, info: GraphQLResolveInfo) => {
    if (v.payeeKind !== 'PERSON') return { kind: v.payeeKind, name: v.payeeName, taxId: v.payeeTaxId };
    if (!canReadPii(ctx.viewer)) {
      return { kind: v.payeeKind, name: maskText(v.payeeName), taxId: maskText(v.payeeTaxId) };
    }
    const fields = selectedFields(info).filter((f) => f === 'name' || (f === 'taxId' && v.payeeTaxId));
    if (fields.length) {
      await ctx.audit.record({
        recordType: 'PaymentVoucher',
        recordId: v.id,
        fields: fields.map((f) => `payee.${f}`),
      });
    }
    return { kind: v.payeeKind, name: v.payeeName, taxId: v.payeeTaxId };
  },
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
