import { money, roundToSatang, toMoneyString, type Decimal } from '@smss/money';
import { fiscalYearOf, fiscalYearRange, isLeapYear, toGregorianYear } from '@smss/thai';
import { RESIDUAL_VALUE } from '../reference/reference-data';

/*
 * Straight-line depreciation by Thai fiscal year, as the register applies it (the rules, and which of
 * them are unverified, are stated in reference-data.ts: ACCOUNTING_METHOD_EN / ACCOUNTING_SOURCES):
 *
 * - yearly charge A = round_half_up(cost ÷ useful life, 2) — on the full cost;
 * - depreciation starts on the acquisition day (counted);
 * - a part year is charged by days: round_half_up(A × days on the register ÷ days in the fiscal year, 2);
 * - charges stop at the residual value (1.00 baht kept on the register): the last charge is what is left;
 * - a disposed asset is charged up to the day before its disposal date;
 * - only capitalised assets are depreciated.
 *
 * The same rules are written once more in SQL for the per-school figures (summary.repository.ts); a test
 * checks that both give the same book values.
 */

/** How part years are counted. Days today; the one place to change if the rules say months. */
export const PART_YEAR_BASIS = 'DAYS' as const;

export interface DepreciableAsset {
  cost: string;
  capitalised: boolean;
  usefulLifeYears: number;
  acquiredOn: string;
  /** The day it leaves the register (not charged), or null. */
  disposedOn: string | null;
}

export interface DepreciationYear {
  fiscalYear: number;
  daysInUse: number;
  daysInYear: number;
  openingBookValue: string;
  depreciation: string;
  accumulatedDepreciation: string;
  closingBookValue: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
/** Days from `from` to `to`, both counted. */
export const daysInclusive = (from: string, to: string) => dayNumber(to) - dayNumber(from) + 1;
const addDays = (iso: string, days: number) =>
  new Date((dayNumber(iso) + days) * DAY_MS).toISOString().slice(0, 10);

/** 365, or 366 when the fiscal year holds 29 February (of its C.E. end year). */
export const daysInFiscalYear = (fiscalYear: number) => (isLeapYear(toGregorianYear(fiscalYear)) ? 366 : 365);

/** The yearly charge: cost ÷ useful life, rounded to the satang. */
export const yearlyCharge = (a: Pick<DepreciableAsset, 'cost' | 'usefulLifeYears'>): Decimal =>
  roundToSatang(money(a.cost).dividedBy(a.usefulLifeYears));

/** The most that can ever be charged: cost less the residual value. */
const depreciableAmount = (a: DepreciableAsset) => money(a.cost).minus(RESIDUAL_VALUE);

/** The charge for `days` of a fiscal year of `daysInYear` days. */
const partCharge = (annual: Decimal, days: number, daysInYear: number) =>
  days === daysInYear ? annual : roundToSatang(annual.times(days).dividedBy(daysInYear));

/** The schedule from acquisition until the residual value is reached or the asset leaves the register. */
export function depreciationSchedule(a: DepreciableAsset): DepreciationYear[] {
  if (!a.capitalised) return [];
  const annual = yearlyCharge(a);
  const limit = depreciableAmount(a);
  const rows: DepreciationYear[] = [];
  let accumulated = money('0');
  const lastDay = a.disposedOn ? addDays(a.disposedOn, -1) : null;
  for (let fy = fiscalYearOf(a.acquiredOn); accumulated.lessThan(limit); fy += 1) {
    const range = fiscalYearRange(fy);
    const from = a.acquiredOn > range.start ? a.acquiredOn : range.start;
    const to = lastDay && lastDay < range.end ? lastDay : range.end;
    if (to < from) break;
    const daysInYear = daysInFiscalYear(fy);
    const daysInUse = daysInclusive(from, to);
    const left = limit.minus(accumulated);
    const due = partCharge(annual, daysInUse, daysInYear);
    const charge = due.greaterThan(left) ? left : due;
    const opening = money(a.cost).minus(accumulated);
    accumulated = accumulated.plus(charge);
    rows.push({
      fiscalYear: fy,
      daysInUse,
      daysInYear,
      openingBookValue: toMoneyString(opening),
      depreciation: toMoneyString(charge),
      accumulatedDepreciation: toMoneyString(accumulated),
      closingBookValue: toMoneyString(money(a.cost).minus(accumulated)),
    });
    if (lastDay && lastDay <= range.end) break;
  }
  return rows;
}

/**
 * Depreciation charged up to and including `asOf`: the fiscal years before it in full (as scheduled),
 * and the days of its own fiscal year so far. Null when the asset is not capitalised or not on the
 * register that day (not yet received, or disposed on or before it).
 */
export function accumulatedDepreciation(a: DepreciableAsset, asOf: string): string | null {
  if (!a.capitalised || asOf < a.acquiredOn || (a.disposedOn && asOf >= a.disposedOn)) return null;
  const fy = fiscalYearOf(asOf);
  const before = depreciationSchedule(a).filter((r) => r.fiscalYear < fy);
  const charged = before.length ? money(before[before.length - 1]!.accumulatedDepreciation) : money('0');
  const limit = depreciableAmount(a);
  const range = fiscalYearRange(fy);
  const from = a.acquiredOn > range.start ? a.acquiredOn : range.start;
  const part = partCharge(yearlyCharge(a), daysInclusive(from, asOf), daysInFiscalYear(fy));
  const total = charged.plus(part);
  return toMoneyString(total.greaterThan(limit) ? limit : total);
}

/** Cost less depreciation charged up to and including `asOf` (null as for `accumulatedDepreciation`). */
export function bookValue(a: DepreciableAsset, asOf: string): string | null {
  const charged = accumulatedDepreciation(a, asOf);
  return charged === null ? null : toMoneyString(money(a.cost).minus(charged));
}

/** Book value at the end of a fiscal year (30 September), or null when not on the register then. */
export function bookValueAtYearEnd(a: DepreciableAsset, fiscalYear: number): string | null {
  return bookValue(a, fiscalYearRange(fiscalYear).end);
}

/** The book value on the disposal day: charged up to the day before. */
export function bookValueOnDisposal(a: Omit<DepreciableAsset, 'disposedOn'>, disposedOn: string): string {
  if (!a.capitalised) return '0.00';
  return bookValue({ ...a, disposedOn: null }, addDays(disposedOn, -1)) ?? toMoneyString(money(a.cost));
}
