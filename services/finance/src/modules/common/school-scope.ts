import type { EntityManager } from 'typeorm';
import { AppError, badInput } from '@smss/core';
import { hiddenRecord } from '@smss/trust';
import { fiscalYearOf, fiscalYearRange, isPlausibleIsoDate } from '@smss/thai';
import type { PlacementRepository } from '../directory/placement.repository';
import type { SchoolPlacement } from './policy';

/**
 * The placement of a school a write concerns; NOT_FOUND when the finance directory does not know it —
 * the same answer as for a school the viewer may not see (policy.ts), so unknown and out of scope look alike.
 */
export async function requirePlacement(
  placements: PlacementRepository,
  manager: EntityManager,
  schoolId: string,
): Promise<SchoolPlacement> {
  const placement = await placements.byId(schoolId, manager);
  if (!placement) throw hiddenRecord();
  return placement;
}

export async function requireMoneySource(manager: EntityManager, code: string): Promise<void> {
  const rows = await manager.query(`SELECT 1 FROM money_source WHERE code = $1`, [code]);
  if (rows.length === 0) {
    throw badInput(`Unknown money source "${code}"`, `ไม่รู้จักแหล่งเงิน "${code}"`, [
      { field: 'moneySourceCode', messageEn: 'unknown money source', messageTh: 'ไม่มีแหล่งเงินนี้ในระบบ' },
    ]);
  }
}

/**
 * The fiscal year of an ISO date given by a caller; BAD_USER_INPUT for a date the B.E. helpers cannot
 * name (a B.E. year typed as the date's year, `2569-06-10`, would be fiscal year 3112).
 */
export function fiscalYearOfDate(date: string, field = 'date'): number {
  if (!isPlausibleIsoDate(date)) {
    throw badInput(
      `${field} ${date} must be a C.E. (Gregorian) date such as 2026-06-10, not a B.E. year`,
      `${field} ${date} ต้องเป็นวันที่แบบคริสต์ศักราช (ค.ศ.) เช่น 2026-06-10 ไม่ใช่ปี พ.ศ.`,
      [
        {
          field,
          messageEn: 'must be a C.E. date YYYY-MM-DD',
          messageTh: 'ต้องเป็นวันที่แบบ ค.ศ. ในรูปแบบ YYYY-MM-DD',
        },
      ],
    );
  }
  return fiscalYearOf(date);
}

/** Refuse dates outside a fiscal year. */
export function assertInFiscalYear(date: string, fiscalYear: number, field: string): void {
  const { start, end } = fiscalYearRange(fiscalYear);
  if (date < start || date > end) {
    throw badInput(
      `${field} ${date} is outside fiscal year ${fiscalYear} (${start} – ${end})`,
      `${field} ${date} อยู่นอกปีงบประมาณ ${fiscalYear} (${start} ถึง ${end})`,
      [
        {
          field,
          messageEn: `must fall within fiscal year ${fiscalYear}`,
          messageTh: `ต้องอยู่ในปีงบประมาณ ${fiscalYear}`,
        },
      ],
    );
  }
}

/** A business-rule refusal with a machine-readable reason (over budget, insufficient funds, …). */
export const refused = (
  reason: string,
  messageEn: string,
  messageTh: string,
  details: Record<string, unknown> = {},
) => new AppError('BAD_USER_INPUT', messageEn, messageTh, { reason, ...details });
