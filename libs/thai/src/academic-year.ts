/**
 * Thai school academic year (ปีการศึกษา): starts 16 May and is named by the B.E. year in which
 * it starts. Academic year 2568 = 16 May 2025 – 15 May 2026.
 *
 * Semesters (ภาคเรียน). The real OBEC term dates are announced each year: term 1 usually runs
 * from mid-May to about 10 October, followed by a break, and term 2 from about 1 November to
 * the end of March, followed by the long break. So that every day belongs to exactly one
 * semester, this module folds each break into the term before it:
 * - semester 1 = 16 May – 31 October (term 1 and the October break);
 * - semester 2 = 1 November – 15 May (term 2 and the summer break).
 *
 * Dates are calendar dates in Asia/Bangkok (see `calendar-date.ts`): a `Date` is read in
 * Asia/Bangkok, a `'YYYY-MM-DD'` string is used as is.
 */
import { assertPlausibleBuddhistYear, toBuddhistYear, toGregorianYear } from './buddhist-era';
import { type DateInput, type IsoDateRange, toBangkokDate } from './calendar-date';

/** 1 = 16 May – 31 October, 2 = 1 November – 15 May (see the module comment). */
export type Semester = 1 | 2;

/** Month and day on which an academic year starts. */
export const ACADEMIC_YEAR_START = { month: 5, day: 16 } as const;

/** Month and day on which semester 2 starts. */
export const SEMESTER_2_START = { month: 11, day: 1 } as const;

/** The academic year (B.E.) containing `date`: 2025-05-16 → 2568, 2025-05-15 → 2567. */
export function academicYearOf(date: DateInput): number {
  const { year, month, day } = toBangkokDate(date);
  const startedThisYear =
    month > ACADEMIC_YEAR_START.month ||
    (month === ACADEMIC_YEAR_START.month && day >= ACADEMIC_YEAR_START.day);
  return toBuddhistYear(startedThisYear ? year : year - 1);
}

/**
 * First and last day of academic year `ayBe`: 2568 → { start: '2025-05-16', end: '2026-05-15' }.
 * @throws RangeError unless `ayBe` is a plausible B.E. year (catches a C.E. year passed by mistake).
 */
export function academicYearRange(ayBe: number): IsoDateRange {
  assertPlausibleBuddhistYear(ayBe, 'Academic year (B.E.)');
  const startCe = toGregorianYear(ayBe);
  return { start: `${startCe}-05-16`, end: `${startCe + 1}-05-15` };
}

/** The semester of `date`: 1 from 16 May to 31 October, otherwise 2. */
export function semesterOf(date: DateInput): Semester {
  const { month, day } = toBangkokDate(date);
  const inSemester1 =
    (month > ACADEMIC_YEAR_START.month ||
      (month === ACADEMIC_YEAR_START.month && day >= ACADEMIC_YEAR_START.day)) &&
    month < SEMESTER_2_START.month;
  return inSemester1 ? 1 : 2;
}

/**
 * First and last day of `semester` of academic year `ayBe`:
 * (2568, 1) → 2025-05-16 … 2025-10-31, (2568, 2) → 2025-11-01 … 2026-05-15.
 * @throws RangeError for an implausible B.E. year or a semester other than 1 or 2.
 */
export function semesterRange(ayBe: number, semester: Semester): IsoDateRange {
  assertPlausibleBuddhistYear(ayBe, 'Academic year (B.E.)');
  const startCe = toGregorianYear(ayBe);
  if (semester === 1) return { start: `${startCe}-05-16`, end: `${startCe}-10-31` };
  if (semester === 2) return { start: `${startCe}-11-01`, end: `${startCe + 1}-05-15` };
  throw new RangeError(`Semester must be 1 or 2, got ${String(semester)}`);
}
