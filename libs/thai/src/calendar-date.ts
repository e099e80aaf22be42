/**
 * Calendar dates as Thai schools and government offices see them: the date on the wall
 * calendar in Asia/Bangkok. Thailand uses UTC+7 all year (no daylight saving time), so the
 * conversion is a fixed offset and needs no time-zone database.
 *
 * Every date-based primitive in this package accepts a {@link DateInput}:
 * - a `Date` (an instant) is read as the calendar date it falls on in Asia/Bangkok;
 * - a `'YYYY-MM-DD'` string is a calendar date already and is used as is;
 * - an ISO 8601 date-time string with an explicit `Z` or `±hh:mm` offset is an instant and is
 *   read in Asia/Bangkok like a `Date`.
 * Anything else (including date-times without an offset, whose meaning depends on the host's
 * time zone) is rejected with a `RangeError`.
 */

/** A calendar date in the proleptic Gregorian calendar (C.E. year), without time or zone. */
export interface CalendarDate {
  readonly year: number;
  /** 1 = January … 12 = December. */
  readonly month: number;
  readonly day: number;
}

/** A `Date`, a `'YYYY-MM-DD'` calendar date, or an ISO 8601 date-time with an explicit offset. */
export type DateInput = Date | string;

/** An inclusive range of calendar dates as `'YYYY-MM-DD'` strings. */
export interface IsoDateRange {
  readonly start: string;
  readonly end: string;
}

/** Asia/Bangkok is UTC+7 with no daylight saving time. */
export const BANGKOK_UTC_OFFSET_MINUTES = 7 * 60;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `year` (C.E.) is a Gregorian leap year. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year` (C.E.). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether year/month/day name a real date (year 1–9999 C.E.). */
export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict `'YYYY-MM-DD'` string; returns null when it is malformed or not a real date. */
export function parseIsoDate(value: string): CalendarDate | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return isValidCalendarDate(year, month, day) ? { year, month, day } : null;
}

/** Lowest C.E. year {@link isPlausibleIsoDate} accepts (B.E. 2400). */
export const MIN_PLAUSIBLE_GREGORIAN_YEAR = 1857;

/** Highest C.E. year {@link isPlausibleIsoDate} accepts (B.E. 2700). */
export const MAX_PLAUSIBLE_GREGORIAN_YEAR = 2157;

/**
 * Whether `value` is a `'YYYY-MM-DD'` date whose C.E. year lies in the window the B.E. helpers accept
 * (1857–2157, B.E. 2400–2700). Its main use is refusing a B.E. year typed into a date
 * (`2569-06-10`), which the fiscal- and academic-year helpers would turn into year 3112.
 */
export function isPlausibleIsoDate(value: string): boolean {
  const date = parseIsoDate(value);
  return !!date && date.year >= MIN_PLAUSIBLE_GREGORIAN_YEAR && date.year <= MAX_PLAUSIBLE_GREGORIAN_YEAR;
}

/** Formats a calendar date as `'YYYY-MM-DD'`. */
export function toIsoDate(date: CalendarDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function bangkokDateOfInstant(epochMs: number): CalendarDate {
  const shifted = new Date(epochMs + BANGKOK_UTC_OFFSET_MINUTES * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * The calendar date of `input` in Asia/Bangkok (see the module comment for accepted inputs).
 * @throws RangeError for an invalid `Date` or a string that is not one of the accepted forms.
 */
export function toBangkokDate(input: DateInput): CalendarDate {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return bangkokDateOfInstant(ms);
  }
  if (typeof input !== 'string') throw new RangeError(`Expected a Date or an ISO date string`);
  const date = parseIsoDate(input);
  if (date) return date;
  const dateTime = ISO_DATE_TIME_WITH_OFFSET.exec(input);
  if (dateTime) {
    // Date.parse rolls impossible days over (2025-02-30 → 2 March), so check the date part first.
    const ms = Date.parse(input);
    if (
      isValidCalendarDate(Number(dateTime[1]), Number(dateTime[2]), Number(dateTime[3])) &&
      !Number.isNaN(ms)
    ) {
      return bangkokDateOfInstant(ms);
    }
  }
  throw new RangeError(
    `Expected 'YYYY-MM-DD' or an ISO date-time with an explicit offset, got ${JSON.stringify(input)}`,
  );
}

/** Compares two calendar dates: negative if `a` is earlier, 0 if equal, positive if later. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Today's calendar date in Asia/Bangkok as 'YYYY-MM-DD' (`now` for tests). */
export function todayInBangkok(now: Date = new Date()): string {
  return toIsoDate(toBangkokDate(now));
}

/**
 * An instant as an ISO 8601 UTC timestamp for the API (`2026-06-10T03:00:00.000Z`); null stays null.
 * A string is taken to be a timestamp already (PostgreSQL text) and passes through.
 */
export function isoTimestamp(value: Date | string | null | undefined): string | null {
  if (value == null) return null;
  return value instanceof Date ? value.toISOString() : value;
}
