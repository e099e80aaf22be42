import type { EntityManager } from 'typeorm';
import { AppError, badInput, notFound } from '@smss/core';
import { fiscalYearOf, fiscalYearRange } from '@smss/thai';
import type { PlacementRepository } from '../directory/placement.repository';
import type { SchoolPlacement } from './policy';

/** The placement of a school a write concerns; NOT_FOUND when the finance directory does not know it. */
export async function requirePlacement(
  placements: PlacementRepository,
  manager: EntityManager,
  schoolId: string,
): Promise<SchoolPlacement> {
  const placement = await placements.byId(schoolId, manager);
  if (!placement) throw notFound('School', 'โรงเรียน', schoolId);
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

/** The fiscal year of an ISO date. */
export const fiscalYearOfDate = (date: string): number => fiscalYearOf(date);

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
