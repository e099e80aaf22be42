/**
 * Thai government fiscal year (ปีงบประมาณ): 1 October – 30 September, named by the B.E. year
 * in which it ends. FY 2569 = 1 October 2025 – 30 September 2026.
 *
 * Dates are calendar dates in Asia/Bangkok (see `calendar-date.ts`): a `Date` is read in
 * Asia/Bangkok, a `'YYYY-MM-DD'` string is used as is.
 */
import { assertPlausibleBuddhistYear, toBuddhistYear, toGregorianYear } from './buddhist-era';
import { type DateInput, type IsoDateRange, toBangkokDate } from './calendar-date';

/** Fiscal quarter: 1 = Oct–Dec, 2 = Jan–Mar, 3 = Apr–Jun, 4 = Jul–Sep. */
export type FiscalQuarter = 1 | 2 | 3 | 4;

/** The fiscal year (B.E.) containing `date`: 2025-10-01 → 2569, 2025-09-30 → 2568. */
export function fiscalYearOf(date: DateInput): number {
  const { year, month } = toBangkokDate(date);
  return toBuddhistYear(month >= 10 ? year + 1 : year);
}

/**
 * First and last day of fiscal year `fyBe`: 2569 → { start: '2025-10-01', end: '2026-09-30' }.
 * @throws RangeError unless `fyBe` is a plausible B.E. year (catches a C.E. year passed by mistake).
 */
export function fiscalYearRange(fyBe: number): IsoDateRange {
  assertPlausibleBuddhistYear(fyBe, 'Fiscal year (B.E.)');
  const endCe = toGregorianYear(fyBe);
  return { start: `${endCe - 1}-10-01`, end: `${endCe}-09-30` };
}

/** The fiscal quarter of `date`: October–December is Q1, July–September is Q4. */
export function fiscalQuarterOf(date: DateInput): FiscalQuarter {
  const { month } = toBangkokDate(date);
  // Shift so October = 0 … September = 11, then three months per quarter.
  return (Math.floor(((month + 2) % 12) / 3) + 1) as FiscalQuarter;
}

const QUARTER_BOUNDS: Record<FiscalQuarter, { start: string; end: string; inEndYear: boolean }> = {
  1: { start: '10-01', end: '12-31', inEndYear: false },
  2: { start: '01-01', end: '03-31', inEndYear: true },
  3: { start: '04-01', end: '06-30', inEndYear: true },
  4: { start: '07-01', end: '09-30', inEndYear: true },
};

/**
 * First and last day of `quarter` of fiscal year `fyBe`: (2569, 1) → 2025-10-01 … 2025-12-31.
 * @throws RangeError for an implausible B.E. year or a quarter outside 1–4.
 */
export function fiscalQuarterRange(fyBe: number, quarter: FiscalQuarter): IsoDateRange {
  assertPlausibleBuddhistYear(fyBe, 'Fiscal year (B.E.)');
  const bounds = QUARTER_BOUNDS[quarter];
  if (!bounds) throw new RangeError(`Fiscal quarter must be 1, 2, 3 or 4, got ${quarter}`);
  const endCe = toGregorianYear(fyBe);
  const year = bounds.inEndYear ? endCe : endCe - 1;
  return { start: `${year}-${bounds.start}`, end: `${year}-${bounds.end}` };
}
