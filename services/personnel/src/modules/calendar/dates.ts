import { daysInMonth, parseIsoDate, toIsoDate } from '@smss/thai';

/** Calendar arithmetic on 'YYYY-MM-DD' strings (no time zones involved). */
const toUtcMs = (iso: string): number => {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`Not an ISO date: ${JSON.stringify(iso)}`);
  return Date.UTC(d.year, d.month - 1, d.day);
};

const fromUtcMs = (ms: number): string => {
  const d = new Date(ms);
  return toIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
};

const DAY_MS = 86_400_000;

export const addDays = (iso: string, days: number): string => fromUtcMs(toUtcMs(iso) + days * DAY_MS);

/** Whole days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (iso: string): number => new Date(toUtcMs(iso)).getUTCDay();

export const isWeekend = (iso: string): boolean => {
  const d = dayOfWeek(iso);
  return d === 0 || d === 6;
};

/** Same day `months` later; the last day of the month when that day does not exist (31 Aug + 6 → 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`Not an ISO date: ${JSON.stringify(iso)}`);
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return toIsoDate({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

export const addYears = (iso: string, years: number): string => addMonths(iso, years * 12);

export const isIsoDate = (value: string): boolean => parseIsoDate(value) !== null;

/** Today's date on the wall calendar in Asia/Bangkok. */
export { todayInBangkok } from '@smss/thai';

/** Every date from `from` to `to`, inclusive. */
export function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
