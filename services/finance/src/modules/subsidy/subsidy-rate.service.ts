import type { DataSource } from 'typeorm';
import { nonNegativeAmount } from '@smss/money';
import { z } from 'zod';
import { requireViewer, type MaybeViewer } from '@smss/auth';
import { GRADE_LEVELS, SUBSIDY_ITEMS } from '@smss/events';
import { assertObecAdmin } from '../common/policy';
import { fiscalYearNumber, parseInput, text } from '../common/validation';
import type { RateScope } from './default-rates';
import type { SubsidyRateRow, SubsidyRepository } from './subsidy.repository';

export const RATE_SCOPES: readonly RateScope[] = [
  'PRE_PRIMARY',
  'PRIMARY',
  'LOWER_SECONDARY',
  'UPPER_SECONDARY',
  ...GRADE_LEVELS,
];

const rateSchema = z.object({
  fiscalYear: fiscalYearNumber,
  item: z.enum(SUBSIDY_ITEMS),
  appliesTo: z.enum(RATE_SCOPES as [RateScope, ...RateScope[]]),
  amountPerYear: nonNegativeAmount,
  schedule: z.enum(['PER_SEMESTER', 'ANNUAL_AT_TERM1']),
  source: text(1000),
  verified: z.boolean(),
  note: z.string().trim().max(2000).nullish(),
});

/**
 * Subsidy rates are data: OBEC administrators set them per fiscal year and level or grade; every
 * change is kept in `subsidy_rate_change`. Allocations already computed are not recomputed (a
 * corrected snapshot uses the rates in force when it arrives).
 */
export class SubsidyRateService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: SubsidyRepository,
  ) {}

  async setRate(viewer: MaybeViewer, raw: unknown): Promise<SubsidyRateRow> {
    requireViewer(viewer);
    const input = parseInput(rateSchema, raw);
    const actor = assertObecAdmin(viewer);
    return this.db.transaction((m) =>
      this.repo.upsertRate(m, { ...input, note: input.note ?? null }, actor.subject),
    );
  }
}
