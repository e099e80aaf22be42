import { z } from 'zod';
import { defineEvent } from '../envelope';
import { schoolPlacement } from './placement';
import { DMC_ROUNDS } from './students';

export const FINANCE_STREAM = 'FINANCE';

/**
 * The items of a school's subsidy entitlement: the five items of the 15-year free-education
 * programme and the EEF conditional cash transfer for extremely poor students.
 */
export const SUBSIDY_ITEMS = [
  'TUITION',
  'TEXTBOOKS',
  'LEARNING_MATERIALS',
  'UNIFORMS',
  'STUDENT_ACTIVITIES',
  'EEF_CONDITIONAL_CASH_TRANSFER',
] as const;
export type SubsidyItemCode = (typeof SUBSIDY_ITEMS)[number];

/** Money on the wire: a decimal string with exactly two decimals (NUMERIC(14,2)), never a JSON number. */
export const decimalAmount = z
  .string()
  .regex(/^-?\d{1,12}\.\d{2}$/, 'must be a decimal string such as "1500.00"');

/**
 * A school's subsidy allocation for one DMC round, computed (or recomputed after a corrected
 * snapshot) by the finance service. `previousTotal` and `adjustmentId` are set when this
 * replaced an earlier allocation of the same school and round.
 */
export const allocationComputedPayload = z.object({
  allocationId: z.string().uuid(),
  ...schoolPlacement,
  roundId: z.string().uuid(),
  academicYear: z.number().int().min(2400).max(2700),
  round: z.enum(DMC_ROUNDS),
  /** Fiscal year (B.E.) of the round's reference date: 10 Nov 2025 → 2569. */
  fiscalYear: z.number().int().min(2400).max(2700),
  snapshotId: z.string().uuid(),
  snapshotVersion: z.number().int().positive(),
  items: z.array(
    z.object({
      item: z.enum(SUBSIDY_ITEMS),
      students: z.number().int().nonnegative(),
      amount: decimalAmount,
    }),
  ),
  total: decimalAmount,
  previousTotal: decimalAmount.nullable(),
  adjustmentId: z.string().uuid().nullable(),
});
export type AllocationComputedPayload = z.infer<typeof allocationComputedPayload>;

export const AllocationComputed = defineEvent({
  subject: 'finance.allocation.computed.v1',
  stream: FINANCE_STREAM,
  payload: allocationComputedPayload,
  description:
    'A school’s subsidy allocation for a DMC round was computed or replaced after a corrected snapshot (amounts as decimal strings).',
});

/**
 * A school's spending changed by one ledger entry: a payment voucher (ฎีกา) approved by its director
 * (+ its gross amount: the money is spent and posted) or money a payee refunded against a paid voucher
 * (− the refund, which the ledger credits back to expense). Approved vouchers are final (only a pending one
 * can be cancelled), so a school's spending of a fiscal year is the sum of these. Ids, codes and amounts
 * only: no payee.
 */
export const spendingRecordedPayload = z.object({
  /** The voucher's id (VOUCHER) or the money-return's (REFUND): each entry is published once. */
  entryId: z.string().uuid(),
  kind: z.enum(['VOUCHER', 'REFUND']),
  ...schoolPlacement,
  /** Fiscal year (B.E.) of the entry's date, as the ledger posts it. */
  fiscalYear: z.number().int().min(2400).max(2700),
  /** The voucher's or the refund's date (ISO). */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  moneySourceCode: z.string().min(1).max(20),
  /** Signed, exact: a voucher's gross amount (before withholding tax), a refund negative. */
  amount: decimalAmount,
  recordedAt: z.string().datetime({ offset: true }),
});
export type SpendingRecordedPayload = z.infer<typeof spendingRecordedPayload>;

export const SpendingRecorded = defineEvent({
  subject: 'finance.spending.recorded.v1',
  stream: FINANCE_STREAM,
  payload: spendingRecordedPayload,
  description:
    'A school’s spending changed: a payment voucher approved (+ gross) or a payee’s refund (−); ids, codes, amounts, no payee.',
});
