import { z } from 'zod';
import { inputProblems, parseInput } from '@smss/core';
import { fiscalYearRange, isPlausibleIsoDate, toGregorianYear } from '@smss/thai';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';

/** The reporting rounds of a fiscal year, pure: their periods, default windows and state on a given day. */

export const ROUND_MONTHS = [3, 6, 9, 12] as const;
export type RoundMonth = (typeof ROUND_MONTHS)[number];

export interface ReportingRoundRecord {
  id: string;
  fiscalYear: number;
  month: RoundMonth;
  opensOn: string;
  closesOn: string;
}

export const isRoundMonth = (m: unknown): m is RoundMonth => ROUND_MONTHS.includes(m as RoundMonth);

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/**
 * The period a round reports on: from 1 October (the fiscal year's first day) to the end of its third,
 * sixth, ninth or twelfth month. FY 2569, round 6 → 2025-10-01 … 2026-03-31.
 */
export function roundPeriod(fiscalYear: number, month: RoundMonth): { start: string; end: string } {
  const { start } = fiscalYearRange(fiscalYear);
  const startYear = toGregorianYear(fiscalYear) - 1;
  const endMonth0 = 9 + month; // October = month 10; +3 → January of the next year is 13
  const y = startYear + Math.floor((endMonth0 - 1) / 12);
  const m = ((endMonth0 - 1) % 12) + 1;
  return { start, end: `${y}-${pad(m)}-${pad(lastDay(y, m))}` };
}

/**
 * The default submission window until OBEC sets one: from the 15th of the period's last month to the
 * 15th of the next month (round 12 of FY 2569: 2026-09-15 … 2026-10-15). A default only: the working
 * group's calendar is set each year with `scheduleReportingRound`.
 */
export function defaultWindow(fiscalYear: number, month: RoundMonth): { opensOn: string; closesOn: string } {
  const { end } = roundPeriod(fiscalYear, month);
  const [y, m] = end.split('-').map(Number) as [number, number];
  const nextY = m === 12 ? y + 1 : y;
  const nextM = m === 12 ? 1 : m + 1;
  return { opensOn: `${y}-${pad(m)}-15`, closesOn: `${nextY}-${pad(nextM)}-15` };
}

export type RoundStatus = 'UPCOMING' | 'OPEN' | 'CLOSED';

/** A round is open from its first to its last day inclusive, by the calendar day in Asia/Bangkok. */
export function roundStatus(round: { opensOn: string; closesOn: string }, today: string): RoundStatus {
  if (today < round.opensOn) return 'UPCOMING';
  if (today > round.closesOn) return 'CLOSED';
  return 'OPEN';
}

export const roundLabel = (month: number): string => `รอบ ${month} เดือน`;

const scheduleSchema = z.object({
  fiscalYear: fiscalYearSchema,
  month: z.number().int().refine(isRoundMonth, 'must be 3, 6, 9 or 12'),
  opensOn: z.string().refine(isPlausibleIsoDate, 'must be a date YYYY-MM-DD'),
  closesOn: z.string().refine(isPlausibleIsoDate, 'must be a date YYYY-MM-DD'),
});

/** A valid window: real dates, closing on or after opening, opening no earlier than the fiscal year. */
export function parseSchedule(input: unknown): {
  fiscalYear: number;
  month: RoundMonth;
  opensOn: string;
  closesOn: string;
} {
  const v = parseInput(scheduleSchema, input, {
    fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
    month: 'รอบการรายงานต้องเป็น 3, 6, 9 หรือ 12 เดือน',
    opensOn: 'วันเปิดรับผลต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.)',
    closesOn: 'วันปิดรับผลต้องอยู่ในรูปแบบ YYYY-MM-DD (ค.ศ.)',
  });
  if (v.closesOn < v.opensOn)
    throw inputProblems([
      { field: 'closesOn', messageEn: 'must not be before opensOn', messageTh: 'วันปิดรับผลต้องไม่ก่อนวันเปิดรับผล' },
    ]);
  if (v.opensOn < fiscalYearRange(v.fiscalYear).start)
    throw inputProblems([
      {
        field: 'opensOn',
        messageEn: 'must not be before the fiscal year starts (1 October)',
        messageTh: 'วันเปิดรับผลต้องไม่ก่อนวันเริ่มปีงบประมาณ (1 ตุลาคม)',
      },
    ]);
  return { ...v, month: v.month as RoundMonth };
}
