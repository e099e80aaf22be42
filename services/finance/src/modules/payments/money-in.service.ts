import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { hiddenRecord } from '@smss/trust';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { enqueueEvent, SpendingRecorded } from '@smss/events';
import { compare, money, negate, positiveAmount, subtract, toMoneyString } from '@smss/money';
import { assertSchoolFinanceStaff } from '../common/policy';
import { fiscalYearOfDate, refused, requireMoneySource, requirePlacement } from '../common/school-scope';
import { isoDate, parseInput, text, uuid } from '../common/validation';
import type { PlacementRepository } from '../directory/placement.repository';
import type { LedgerRepository } from '../ledger/ledger.repository';
import { ACCOUNT } from '../subsidy/default-rates';
import type { MoneyReturnRow, PaymentsRepository, ReceiptRow } from './payments.repository';

const receiptSchema = z.object({
  schoolId: uuid,
  date: isoDate,
  moneySourceCode: text(40),
  amount: positiveAmount,
  payer: text(200),
  description: text(500),
  reference: z.string().trim().max(100).nullish(),
});

const returnSchema = z
  .object({
    schoolId: uuid,
    date: isoDate,
    kind: z.enum(['RETURNED_TO_SOURCE', 'REFUND_FROM_PAYEE']),
    moneySourceCode: text(40),
    amount: positiveAmount,
    reason: text(500),
    voucherId: uuid.nullish(),
  })
  .refine((r) => r.kind !== 'REFUND_FROM_PAYEE' || !!r.voucherId, {
    path: ['voucherId'],
    message: 'is required for a refund from a payee',
  });

/** Money coming in (receipts, refunds) and money sent back to its source; each posts one balanced entry. */
export class MoneyInService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: PaymentsRepository,
    private readonly ledger: LedgerRepository,
    private readonly placements: PlacementRepository,
  ) {}

  async recordReceipt(viewer: MaybeViewer, raw: unknown): Promise<ReceiptRow> {
    requireViewer(viewer);
    const input = parseInput(receiptSchema, raw);
    return this.db.transaction(async (m) => {
      const placement = await requirePlacement(this.placements, m, input.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      await requireMoneySource(m, input.moneySourceCode);
      const fiscalYear = fiscalYearOfDate(input.date);
      const number = await this.repo.nextNumber(m, placement.schoolId, fiscalYear, 'RECEIPT');
      const receipt = await this.repo.insertReceipt(
        m,
        {
          schoolId: placement.schoolId,
          fiscalYear,
          number,
          date: input.date,
          moneySourceCode: input.moneySourceCode,
          amount: input.amount,
          payer: input.payer,
          description: input.description,
          reference: input.reference ?? null,
        },
        actor.subject,
      );
      await this.ledger.post(m, {
        schoolId: placement.schoolId,
        fiscalYear,
        date: input.date,
        kind: 'RECEIPT',
        referenceId: receipt.id,
        description: `ใบเสร็จ ${number}/${fiscalYear}: ${input.description}`,
        actor: actor.subject,
        lines: [
          { account: ACCOUNT.CASH, moneySourceCode: input.moneySourceCode, debit: input.amount },
          { account: ACCOUNT.FUNDS, moneySourceCode: input.moneySourceCode, credit: input.amount },
        ],
      });
      return receipt;
    });
  }

  async recordMoneyReturned(viewer: MaybeViewer, raw: unknown): Promise<MoneyReturnRow> {
    requireViewer(viewer);
    const input = parseInput(returnSchema, raw);
    return this.db.transaction(async (m) => {
      const placement = await requirePlacement(this.placements, m, input.schoolId);
      const actor = assertSchoolFinanceStaff(viewer, placement);
      await requireMoneySource(m, input.moneySourceCode);
      const fiscalYear = fiscalYearOfDate(input.date);
      let projectId: string | null = null;
      if (input.kind === 'REFUND_FROM_PAYEE') {
        const [voucher] = await this.repo.vouchersByIds([input.voucherId!], m, true);
        if (!voucher || voucher.schoolId !== placement.schoolId) {
          throw hiddenRecord();
        }
        if (voucher.status !== 'APPROVED') {
          throw refused(
            'VOUCHER_NOT_PAID',
            'Only a paid voucher can be refunded',
            'รับเงินคืนได้เฉพาะฎีกาที่จ่ายแล้ว',
          );
        }
        if (voucher.moneySourceCode !== input.moneySourceCode) {
          throw refused(
            'MONEY_SOURCE_MISMATCH',
            `The voucher was paid from ${voucher.moneySourceCode}`,
            `ฎีกานี้จ่ายจากแหล่งเงิน ${voucher.moneySourceCode}`,
          );
        }
        const refundable = subtract(voucher.netAmount, await this.repo.refundedForVoucher(m, voucher.id));
        if (compare(input.amount, refundable) > 0) {
          throw refused(
            'OVER_REFUND',
            `At most ${toMoneyString(refundable)} baht of this voucher can still be refunded`,
            `รับเงินคืนจากฎีกานี้ได้อีกไม่เกิน ${toMoneyString(refundable)} บาท`,
            { refundable: toMoneyString(refundable) },
          );
        }
        projectId = voucher.projectId;
      } else {
        await this.ledger.lockMoneySource(m, placement.schoolId, input.moneySourceCode);
        const position = await this.ledger.cashPosition(m, placement.schoolId, input.moneySourceCode);
        const available = money(position.cash).minus(money(position.withholdingTaxPayable));
        if (compare(input.amount, available) > 0) {
          throw refused(
            'INSUFFICIENT_FUNDS',
            `Money source ${input.moneySourceCode} holds only ${toMoneyString(available)} baht available`,
            `แหล่งเงิน ${input.moneySourceCode} มียอดที่ใช้ได้เพียง ${toMoneyString(available)} บาท`,
            { available: toMoneyString(available) },
          );
        }
      }
      const row = await this.repo.insertMoneyReturn(
        m,
        {
          schoolId: placement.schoolId,
          fiscalYear,
          date: input.date,
          kind: input.kind,
          moneySourceCode: input.moneySourceCode,
          projectId,
          voucherId: input.voucherId ?? null,
          amount: input.amount,
          reason: input.reason,
        },
        actor.subject,
      );
      const refund = input.kind === 'REFUND_FROM_PAYEE';
      await this.ledger.post(m, {
        schoolId: placement.schoolId,
        fiscalYear,
        date: input.date,
        kind: refund ? 'REFUND' : 'RETURN',
        referenceId: row.id,
        description: `${refund ? 'รับเงินคืน' : 'ส่งคืนเงิน'}: ${input.reason}`,
        actor: actor.subject,
        lines: refund
          ? [
              { account: ACCOUNT.CASH, moneySourceCode: input.moneySourceCode, debit: input.amount },
              {
                account: ACCOUNT.EXPENSE,
                moneySourceCode: input.moneySourceCode,
                projectId,
                credit: input.amount,
              },
            ]
          : [
              { account: ACCOUNT.FUNDS, moneySourceCode: input.moneySourceCode, debit: input.amount },
              { account: ACCOUNT.CASH, moneySourceCode: input.moneySourceCode, credit: input.amount },
            ],
      });
      // A payee's refund lowers the school's spending (a return to the source does not: nothing was spent).
      if (refund)
        await enqueueEvent(m, SpendingRecorded, row.id, {
          entryId: row.id,
          kind: 'REFUND',
          schoolId: placement.schoolId,
          schoolCode: placement.schoolCode,
          areaOfficeCode: placement.areaOfficeCode,
          provinceCode: placement.provinceCode,
          fiscalYear,
          date: input.date,
          moneySourceCode: input.moneySourceCode,
          amount: toMoneyString(negate(input.amount)),
          recordedAt: new Date().toISOString(),
        });
      return row;
    });
  }
}
