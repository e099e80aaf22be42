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
import {
  divideRounded,
  divideSatangRounded,
  formatSatang,
  money,
  multiplyByCount,
  multiplySatang,
  satangOf,
  sum,
  toMoneyString,
  type Decimal,
  type Satang,
} from '@smss/money';
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

// ---- the same rules in integer satang, with the rates compiled once per batch --------------------

/** The rate that applies to one item and grade in one round, resolved once (see `compileRates`). */
export interface CompiledRate {
  item: SubsidyItemCode;
  gradeLevel: GradeLevel;
  level: EducationLevel;
  rate: RateRow;
  ratePerYear: string;
  ratePerRound: string;
  ratePerRoundSatang: Satang;
}

/** For one fiscal year and round: item → grade → the rate paid per head (absent: nothing is paid). */
export type CompiledRates = ReadonlyMap<SubsidyItemCode, ReadonlyMap<GradeLevel, CompiledRate>>;

/**
 * Resolve every (item, grade) of one fiscal year and round once: `pickRate` among the rows of fiscal
 * years ≤ `fiscalYear`, `shareForRound`, and the per-round rate per head rounded half up to the satang
 * (exactly what `computeAllocation` does per line). `rates` may hold rows of later years too.
 */
export function compileRates(
  rates: readonly RateRow[],
  fiscalYear: number,
  round: DmcRoundKind,
): CompiledRates {
  const candidates = rates.filter((r) => r.fiscalYear <= fiscalYear);
  const compiled = new Map<SubsidyItemCode, Map<GradeLevel, CompiledRate>>();
  for (const item of SUBSIDY_ITEMS) {
    const byGrade = new Map<GradeLevel, CompiledRate>();
    for (const gradeLevel of GRADE_LEVELS) {
      const rate = pickRate(candidates, item, gradeLevel);
      if (!rate) continue;
      const parts = shareForRound(rate.schedule, round);
      if (parts === null) continue;
      const ratePerRoundSatang = divideSatangRounded(satangOf(rate.amountPerYear), parts);
      byGrade.set(gradeLevel, {
        item,
        gradeLevel,
        level: levelOfGrade(gradeLevel),
        rate,
        ratePerYear: formatSatang(satangOf(rate.amountPerYear)),
        ratePerRound: formatSatang(ratePerRoundSatang),
        ratePerRoundSatang,
      });
    }
    if (byGrade.size) compiled.set(item, byGrade);
  }
  return compiled;
}

/** One per-grade line of a satang allocation: the compiled rate that applied and the head count. */
export interface SatangLine {
  rate: CompiledRate;
  students: number;
}

/** `computeAllocation`'s items and total, with the amounts also in satang, and lean lines. */
export interface SatangAllocation {
  items: AllocationItemTotal[];
  total: string;
  totalSatang: Satang;
  itemSatang: Map<SubsidyItemCode, Satang>;
  /** In `computeAllocation`'s order (item, then grade); `toAllocationLines` spells them out. */
  lines: SatangLine[];
}

/**
 * `computeAllocation` in integer satang against rates compiled by `compileRates` for the snapshot's
 * fiscal year and round: the same items, lines, order and text (checked against it in
 * allocation.calculator.satang.spec.ts), without a decimal.js object or a formatted string per line.
 */
export function computeAllocationInSatang(
  snapshot: { grades: readonly GradeCounts[] },
  rates: CompiledRates,
): SatangAllocation {
  const counts = countsByGrade(snapshot.grades);
  const lines: SatangLine[] = [];
  const items: AllocationItemTotal[] = [];
  const itemSatang = new Map<SubsidyItemCode, Satang>();
  let totalSatang = 0;
  for (const [item, byGrade] of rates) {
    let itemStudents = 0;
    let itemAmount = 0;
    for (const [gradeLevel, c] of counts) {
      const students = item === 'EEF_CONDITIONAL_CASH_TRANSFER' ? c.extremelyPoor : c.students;
      if (students === 0) continue;
      const rate = byGrade.get(gradeLevel);
      if (!rate) continue;
      itemStudents += students;
      itemAmount += multiplySatang(rate.ratePerRoundSatang, students);
      lines.push({ rate, students });
    }
    if (itemStudents === 0) continue;
    items.push({ item, students: itemStudents, amount: formatSatang(itemAmount) });
    itemSatang.set(item, itemAmount);
    totalSatang += itemAmount;
  }
  return { items, total: formatSatang(totalSatang), totalSatang, itemSatang, lines };
}

/** The lines of a satang allocation as `computeAllocation` gives them. */
export const toAllocationLines = (allocation: SatangAllocation): AllocationLine[] =>
  allocation.lines.map(({ rate, students }) => ({
    item: rate.item,
    gradeLevel: rate.gradeLevel,
    level: rate.level,
    students,
    ratePerYear: rate.ratePerYear,
    rateFiscalYear: rate.rate.fiscalYear,
    rateAppliesTo: rate.rate.appliesTo,
    rateVerified: rate.rate.verified,
    ratePerRound: rate.ratePerRound,
    amount: formatSatang(multiplySatang(rate.ratePerRoundSatang, students)),
  }));
