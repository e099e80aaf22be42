import { badInput } from '@smss/core';
import { isUuid } from '@smss/db';
import { toPage, type PageArgs } from '@smss/service-kit';
import {
  fiscalYearOf,
  isPlausibleIsoDate,
  MAX_PLAUSIBLE_BUDDHIST_YEAR,
  MIN_PLAUSIBLE_BUDDHIST_YEAR,
} from '@smss/thai';

/** A page's arguments, checked before they reach a loader (one bad page must not fail a whole batch). */
export function pageArgs(args: PageArgs): PageArgs {
  toPage(args);
  return { first: args.first, after: args.after };
}

export function fiscalYearArg(value: number, field = 'fiscalYear'): number {
  if (!Number.isInteger(value) || value < MIN_PLAUSIBLE_BUDDHIST_YEAR || value > MAX_PLAUSIBLE_BUDDHIST_YEAR)
    throw badInput(
      `${field} must be a B.E. fiscal year such as 2569`,
      `${field} ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2569`,
      [{ field, messageEn: 'must be a B.E. fiscal year', messageTh: 'ต้องเป็นปีงบประมาณ พ.ศ.' }],
    );
  return value;
}

/** A summary's fiscal year: default the current one; 2540 up to next year (each year is computed once). */
export function summaryYear(value: number | null | undefined, today: string): number {
  const current = fiscalYearOf(today);
  const fy = value ?? current;
  if (!Number.isInteger(fy) || fy < 2540 || fy > current + 1)
    throw badInput(
      `fiscalYear must be between 2540 and ${current + 1}`,
      `ปีงบประมาณต้องอยู่ระหว่าง 2540 ถึง ${current + 1}`,
      [
        {
          field: 'fiscalYear',
          messageEn: `must be 2540–${current + 1}`,
          messageTh: `ต้องอยู่ระหว่าง 2540 ถึง ${current + 1}`,
        },
      ],
    );
  return fy;
}

export function idArg(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  if (!isUuid(value))
    throw badInput(`${field} "${value}" is not a valid id`, `${field} ไม่ถูกต้อง`, [
      { field, messageEn: 'must be a UUID', messageTh: 'ต้องเป็น UUID' },
    ]);
  return value;
}

export function dateArg(value: string | null | undefined, today: string, field = 'asOf'): string {
  if (value == null) return today;
  // 1900–2150: every day of it falls in a fiscal year the B.E. helpers can name (2443–2694).
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    !isPlausibleIsoDate(value) ||
    value < '1900-01-01' ||
    value > '2150-12-31'
  )
    throw badInput(
      `${field} must be an ISO date (C.E.) such as 2026-06-10`,
      `${field} ต้องเป็นวันที่แบบ ค.ศ. รูปแบบ YYYY-MM-DD`,
      [{ field, messageEn: 'must be an ISO date', messageTh: 'ต้องเป็นวันที่รูปแบบ YYYY-MM-DD' }],
    );
  return value;
}

/** A federated reference to another subgraph's entity. */
export const ref = (typename: string, id: string | null | undefined) =>
  id ? { __typename: typename, id } : null;

/** NUMERIC areas travel as decimal strings; the API gives square metres as a Float (two decimals). */
export const area = (value: string | null) => (value == null ? null : Number(value));
