import { badInput } from '@smss/core';
import { decimalArgument } from '@smss/money';
import { fiscalYearRange } from '@smss/thai';

/** A fiscal-year argument: a plausible B.E. year, else BAD_USER_INPUT (catches 2025 sent for 2568). */
export function fiscalYearArg(year: number): number {
  try {
    fiscalYearRange(year);
  } catch {
    throw badInput(
      `fiscalYear ${year} is not a B.E. year such as 2569`,
      `ปีงบประมาณ ${year} ไม่ใช่ปี พ.ศ. (เช่น 2569)`,
      [{ field: 'fiscalYear', messageEn: 'must be a B.E. year', messageTh: 'ต้องเป็นปี พ.ศ.' }],
    );
  }
  return year;
}

/** Canonical Decimal strings for the money fields of a mutation input (refusing inline numbers). */
export function withDecimals<T extends Record<string, unknown>>(input: T, fields: string[]): T {
  const out: Record<string, unknown> = { ...input };
  for (const f of fields) {
    if (out[f] !== undefined && out[f] !== null) out[f] = decimalArgument(out[f], f);
  }
  return out as T;
}
