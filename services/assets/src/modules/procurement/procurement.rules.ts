import { z } from 'zod';
import { inputProblems } from '@smss/core';
import { compare, money, multiplyByCount, positiveAmount, sum, toMoneyString } from '@smss/money';
import { isValidNationalId } from '@smss/thai';
import {
  INSPECTION_COMMITTEE_MIN,
  SINGLE_INSPECTOR_LIMIT,
  type ProcurementMethodRuleRow,
} from '../reference/reference-data';
import { isoDate, parseInput, problem, staffIds, text, uuid } from '../common/validation';

/*
 * Procurement under the Public Procurement and Supplies Administration Act B.E. 2560 (pure rules):
 * the method must be allowed for the budget by the method table (data: procurement_method_rule), the
 * specific method needs its section 56(2) ground and, on ground (b), a budget within the ministerial
 * limit; the agreed amount (the items' total) may not exceed the budget; the receipt's inspection is by
 * one inspector up to 100,000 baht, otherwise by a committee of at least three.
 */

export const METHODS = ['SPECIFIC', 'SELECTION', 'E_MARKET', 'E_BIDDING', 'PRICE_INQUIRY'] as const;
export const GROUNDS = [
  'NO_ACCEPTABLE_BID',
  'AMOUNT_WITHIN_LIMIT',
  'SOLE_SUPPLIER',
  'URGENT',
  'ADDITIONAL_TO_CONTRACT',
  'SPECIFIC_SITE',
] as const;

const taxId = z
  .string()
  .regex(/^\d{13}$/, 'must be 13 digits')
  .refine(isValidNationalId, 'has a wrong check digit');

export const procurementInput = (today: string) =>
  z.object({
    schoolId: uuid,
    reference: text(60),
    subject: text(300),
    kind: z.enum(['GOODS', 'WORKS', 'SERVICES']),
    method: z.enum(METHODS),
    specificGround: z.enum(GROUNDS).nullish(),
    budget: positiveAmount,
    medianPrice: positiveAmount.nullish(),
    orderedOn: isoDate.refine((d) => d <= today, 'must not be in the future'),
    vendor: z
      .object({ kind: z.enum(['PERSON', 'ORGANISATION']), name: text(300), taxId: taxId.nullish() })
      .refine((v) => v.kind === 'PERSON' || !!v.taxId, 'an organisation needs its 13-digit tax ID'),
    committeeStaffIds: staffIds(1, 15),
    items: z
      .array(
        z.object({
          description: text(300),
          quantity: z.number().int().min(1).max(10_000),
          unitPrice: positiveAmount,
          assetCategoryCode: z
            .string()
            .regex(/^\d{4}-\d{3}$/)
            .nullish(),
          assetUsage: z.enum(['TEACHING', 'ADMINISTRATION', 'OTHER']).nullish(),
        }),
      )
      .min(1)
      .max(50),
    projectId: uuid.nullish(),
    paymentVoucherId: uuid.nullish(),
  });
export type ProcurementInput = z.infer<ReturnType<typeof procurementInput>>;

/** The items' total: Σ quantity × unit price, exact. */
export const contractAmountOf = (items: ProcurementInput['items']): string =>
  toMoneyString(sum(items.map((i) => multiplyByCount(i.unitPrice, i.quantity))));

/** Parse and check a procurement against the method table; every problem at once. */
export function parseProcurement(input: unknown, today: string, rules: readonly ProcurementMethodRuleRow[]) {
  const v = parseInput(procurementInput(today), input);
  const problems = [];
  const rule = rules.find((r) => r.method === v.method);
  const contractAmount = contractAmountOf(v.items);
  if (!/^\d{1,12}\.\d{2}$/.test(contractAmount))
    problems.push(problem('items', 'the total is too large for an amount', 'ยอดรวมเกินจำนวนเงินที่บันทึกได้'));
  else if (compare(contractAmount, v.budget) > 0)
    problems.push(
      problem(
        'items',
        `the items come to ${contractAmount}, above the budget ${v.budget}`,
        `รวมรายการเป็นเงิน ${contractAmount} บาท เกินวงเงินงบประมาณ ${v.budget} บาท`,
      ),
    );
  if (v.method === 'SPECIFIC' && !v.specificGround)
    problems.push(
      problem(
        'specificGround',
        'the specific method needs its section 56(2) ground',
        'วิธีเฉพาะเจาะจงต้องระบุเหตุผลตามมาตรา 56(2)',
      ),
    );
  if (v.method !== 'SPECIFIC' && v.specificGround)
    problems.push(
      problem(
        'specificGround',
        'a ground is given only for the specific method',
        'ระบุเหตุผลได้เฉพาะวิธีเฉพาะเจาะจง',
      ),
    );
  // The amount limits: for the specific method they apply on ground (b) only; other grounds have none.
  const limited = rule && (v.method !== 'SPECIFIC' || v.specificGround === 'AMOUNT_WITHIN_LIMIT');
  if (limited && rule.budgetUpTo && compare(v.budget, rule.budgetUpTo) > 0)
    problems.push(
      problem(
        'method',
        `${rule.nameEn} may be used up to a budget of ${rule.budgetUpTo} baht`,
        `${rule.nameTh} ใช้ได้กับวงเงินไม่เกิน ${money(rule.budgetUpTo).toFixed(2)} บาท`,
      ),
    );
  if (limited && rule.budgetAbove && compare(v.budget, rule.budgetAbove) <= 0)
    problems.push(
      problem(
        'method',
        `${rule.nameEn} is for budgets above ${rule.budgetAbove} baht`,
        `${rule.nameTh} ใช้กับวงเงินเกิน ${money(rule.budgetAbove).toFixed(2)} บาท`,
      ),
    );
  if (v.items.some((i) => i.assetUsage && !i.assetCategoryCode))
    problems.push(
      problem(
        'items',
        'an asset use is given only with an asset category',
        'ระบุการใช้งานได้เฉพาะรายการที่เป็นครุภัณฑ์',
      ),
    );
  const units = v.items.filter((i) => i.assetCategoryCode).reduce((n, i) => n + i.quantity, 0);
  if (units > 2_000)
    problems.push(
      problem(
        'items',
        `at most 2,000 units become assets in one procurement (${units} given)`,
        'รายการครุภัณฑ์รวมได้ไม่เกิน 2,000 หน่วยต่อการจัดซื้อหนึ่งครั้ง',
      ),
    );
  if (problems.length) throw inputProblems(problems);
  return { ...v, contractAmount };
}

/** One inspector up to 100,000 baht; above it a committee of at least three (distinct people). */
export function assertInspection(contractAmount: string, inspectors: readonly string[]): void {
  const min = compare(contractAmount, SINGLE_INSPECTOR_LIMIT) > 0 ? INSPECTION_COMMITTEE_MIN : 1;
  if (inspectors.length < min)
    throw inputProblems([
      problem(
        'inspectionCommitteeStaffIds',
        `a contract of ${contractAmount} baht needs at least ${min} inspectors`,
        `สัญญาวงเงิน ${contractAmount} บาท ต้องมีผู้ตรวจรับอย่างน้อย ${min} คน`,
      ),
    ]);
}
