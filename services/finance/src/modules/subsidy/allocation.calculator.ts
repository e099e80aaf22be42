/**
 * The subsidy a school is entitled to for one DMC round, as a pure function of the snapshot's
 * counts and the rate table. No database, no floats.
 *
 * Rules (stated once, tested in allocation.calculator.spec.ts):
 * - Head counts: male + female of each grade; the EEF transfer counts `extremelyPoor` only.
 * - Rate: for each item and grade, the rate rows of fiscal years ≤ the allocation's fiscal year
 *   are candidates, both for the grade itself (e.g. P4) and for its level (PRIMARY); the row of
 *   the latest fiscal year wins, and on a tie the grade-specific row wins.
 * - Share per round, from the rate's schedule: PER_SEMESTER pays half the yearly rate at TERM1
 *   (10 June counts) and half at TERM2 (10 November counts); ANNUAL_AT_TERM1 pays the whole
 *   yearly rate at TERM1. END_OF_YEAR (31 March) pays nothing.
 * - Rounding: the per-round rate per head is rounded to the satang ROUND_HALF_UP (half of
 *   1,001.01 = 500.505 → 500.51), then multiplied by the whole head count (exact).
 */
import {
  GRADE_LEVELS,
  SUBSIDY_ITEMS,
  type DmcRoundKind,
  type GradeCounts,
  type GradeLevel,
} from '@smss/events';
import type { SubsidyItemCode } from '@smss/events';
import { divideRounded, money, multiplyByCount, sum, toMoneyString, type Decimal } from '@smss/money';
import type { PaymentSchedule, RateScope } from './default-rates';

export type EducationLevel = 'PRE_PRIMARY' | 'PRIMARY' | 'LOWER_SECONDARY' | 'UPPER_SECONDARY';

export function levelOfGrade(grade: GradeLevel): EducationLevel {
  if (grade.startsWith('K')) return 'PRE_PRIMARY';
  if (grade.startsWith('P')) return 'PRIMARY';
  return ['M1', 'M2', 'M3'].includes(grade) ? 'LOWER_SECONDARY' : 'UPPER_SECONDARY';
}

export interface RateRow {
  fiscalYear: number;
  item: SubsidyItemCode;
  appliesTo: RateScope;
  amountPerYear: string;
  schedule: PaymentSchedule;
  verified: boolean;
}

/** The part of the yearly rate paid in a round: 1/2, 1/1 or nothing. */
export function shareForRound(schedule: PaymentSchedule, round: DmcRoundKind): 1 | 2 | null {
  if (round === 'END_OF_YEAR') return null;
  if (schedule === 'PER_SEMESTER') return 2;
  return round === 'TERM1' ? 1 : null;
}

/** The rate row that applies to `grade` for `item` (see the module comment); null when none. */
export function pickRate(
  rates: readonly RateRow[],
  item: SubsidyItemCode,
  grade: GradeLevel,
): RateRow | null {
  const level = levelOfGrade(grade);
  let best: RateRow | null = null;
  for (const r of rates) {
    if (r.item !== item || (r.appliesTo !== grade && r.appliesTo !== level)) continue;
    if (
      !best ||
      r.fiscalYear > best.fiscalYear ||
      (r.fiscalYear === best.fiscalYear && r.appliesTo === grade && best.appliesTo !== grade)
    ) {
      best = r;
    }
  }
  return best;
}

export interface AllocationLine {
  item: SubsidyItemCode;
  gradeLevel: GradeLevel;
  level: EducationLevel;
  students: number;
  ratePerYear: string;
  rateFiscalYear: number;
  rateAppliesTo: RateScope;
  rateVerified: boolean;
  ratePerRound: string;
  amount: string;
}

export interface AllocationItemTotal {
  item: SubsidyItemCode;
  students: number;
  amount: string;
}

export interface ComputedAllocation {
  items: AllocationItemTotal[];
  lines: AllocationLine[];
  total: string;
}

/** Counts per grade, duplicates of a grade added together, in K1…M6 order. */
function countsByGrade(
  grades: readonly GradeCounts[],
): Map<GradeLevel, { students: number; extremelyPoor: number }> {
  const map = new Map<GradeLevel, { students: number; extremelyPoor: number }>();
  for (const g of grades) {
    const current = map.get(g.gradeLevel) ?? { students: 0, extremelyPoor: 0 };
    current.students += g.male + g.female;
    current.extremelyPoor += g.extremelyPoor;
    map.set(g.gradeLevel, current);
  }
  return new Map(GRADE_LEVELS.filter((g) => map.has(g)).map((g) => [g, map.get(g)!]));
}

export function computeAllocation(
  snapshot: { round: DmcRoundKind; grades: readonly GradeCounts[] },
  rates: readonly RateRow[],
): ComputedAllocation {
  const counts = countsByGrade(snapshot.grades);
  const lines: AllocationLine[] = [];
  const items: AllocationItemTotal[] = [];
  for (const item of SUBSIDY_ITEMS) {
    const itemLines: AllocationLine[] = [];
    for (const [gradeLevel, c] of counts) {
      const students = item === 'EEF_CONDITIONAL_CASH_TRANSFER' ? c.extremelyPoor : c.students;
      if (students === 0) continue;
      const rate = pickRate(rates, item, gradeLevel);
      if (!rate) continue;
      const parts = shareForRound(rate.schedule, snapshot.round);
      if (parts === null) continue;
      const ratePerRound: Decimal =
        parts === 1 ? money(rate.amountPerYear) : divideRounded(rate.amountPerYear, parts);
      itemLines.push({
        item,
        gradeLevel,
        level: levelOfGrade(gradeLevel),
        students,
        ratePerYear: toMoneyString(rate.amountPerYear),
        rateFiscalYear: rate.fiscalYear,
        rateAppliesTo: rate.appliesTo,
        rateVerified: rate.verified,
        ratePerRound: toMoneyString(ratePerRound),
        amount: toMoneyString(multiplyByCount(ratePerRound, students)),
      });
    }
    if (itemLines.length === 0) continue;
    lines.push(...itemLines);
    items.push({
      item,
      students: itemLines.reduce((n, l) => n + l.students, 0),
      amount: toMoneyString(sum(itemLines.map((l) => l.amount))),
    });
  }
  return { items, lines, total: toMoneyString(sum(items.map((i) => i.amount))) };
}
