/**
 * Thai date formatting and parsing: Thai digits (เลขไทย), Thai month names and B.E. years.
 *
 * Output comes from the hand-written tables below, not from `Intl`, so it is the same on
 * every Node build and ICU version. Dates are calendar dates in Asia/Bangkok
 * (see `calendar-date.ts`): a `Date` is read in Asia/Bangkok, a `'YYYY-MM-DD'` string is used as is.
 */
import { MIN_PLAUSIBLE_BUDDHIST_YEAR, toBuddhistYear, toGregorianYear } from './buddhist-era';
import { type DateInput, isValidCalendarDate, toBangkokDate, toIsoDate } from './calendar-date';

/** Thai digits ๐–๙; index i is the Thai digit for i. */
export const THAI_DIGITS = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'] as const;

/** Full Thai month names; index 0 = January (มกราคม). */
export const THAI_MONTHS_LONG = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
] as const;

/** Abbreviated Thai month names; index 0 = January (ม.ค.). */
export const THAI_MONTHS_SHORT = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
] as const;

const THAI_ZERO = 0x0e50;
const ARABIC_ZERO = 0x30;

/** Replaces ASCII digits 0–9 with Thai digits ๐–๙; other characters are left alone. */
export function toThaiDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => String.fromCharCode(THAI_ZERO + d.charCodeAt(0) - ARABIC_ZERO));
}

/** Replaces Thai digits ๐–๙ with ASCII digits 0–9; other characters are left alone. */
export function fromThaiDigits(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String.fromCharCode(ARABIC_ZERO + d.charCodeAt(0) - THAI_ZERO));
}

/** Options for {@link formatThaiDate}. */
export interface ThaiDateFormatOptions {
  /** `'short'`: `๕ ส.ค. ๒๕๖๕`; `'long'` (default): `๕ สิงหาคม ๒๕๖๕`. */
  readonly style?: 'short' | 'long';
  /** `'thai'` (default, as in official documents): ๐–๙; `'arabic'`: 0–9. */
  readonly digits?: 'thai' | 'arabic';
}

/**
 * Formats a date the Thai way, day month B.E.-year, without leading zeros:
 * 2022-08-05 → `'๕ สิงหาคม ๒๕๖๕'` (long), `'๕ ส.ค. ๒๕๖๕'` (short),
 * `'5 สิงหาคม 2565'` (long, Arabic digits).
 * @throws RangeError for an input `toBangkokDate` does not accept.
 */
export function formatThaiDate(date: DateInput, options: ThaiDateFormatOptions = {}): string {
  const { style = 'long', digits = 'thai' } = options;
  const { year, month, day } = toBangkokDate(date);
  const months = style === 'short' ? THAI_MONTHS_SHORT : THAI_MONTHS_LONG;
  const text = `${day} ${months[month - 1] ?? ''} ${toBuddhistYear(year)}`;
  return digits === 'thai' ? toThaiDigits(text) : text;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Parses a `dd/mm/yyyy` date as Thai users write it and returns `'YYYY-MM-DD'` (C.E.), or
 * null if the text is malformed or not a real date (e.g. `'31/02/2565'`).
 * - A year of 2400 or more is B.E. and converted (`'05/08/2565'` → `'2022-08-05'`);
 *   a smaller year is C.E. (`'05/08/2022'` → `'2022-08-05'`).
 * - Day and month may have one or two digits; Thai digits are accepted
 *   (`'๕/๘/๒๕๖๕'`); surrounding whitespace is ignored.
 * Leap years are judged on the C.E. year (29/02/2567 is valid: 2567 B.E. = 2024 C.E.).
 */
export function parseThaiDate(text: string): string | null {
  const match = DMY.exec(fromThaiDigits(text.trim()));
  if (!match) return null;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const writtenYear = Number(match[3]);
  const year = writtenYear >= MIN_PLAUSIBLE_BUDDHIST_YEAR ? toGregorianYear(writtenYear) : writtenYear;
  return isValidCalendarDate(year, month, day) ? toIsoDate({ year, month, day }) : null;
}
