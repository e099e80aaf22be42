import type { DataSource } from 'typeorm';
import type { MaybeViewer } from '@smss/auth';
import { parseInput } from '@smss/core';
import { z } from 'zod';
import { assertCanManageCatalogue, fiscalYearSchema } from '../catalogue/catalogue.rules';
import type { RoundRepository } from './round.repository';
import { parseSchedule, type ReportingRoundRecord } from './round.rules';

/** Use cases of the reporting rounds. */
export class RoundService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: RoundRepository,
  ) {}

  async ofYear(fiscalYear: unknown): Promise<ReportingRoundRecord[]> {
    const v = parseInput(z.object({ fiscalYear: fiscalYearSchema }), { fiscalYear }, {
      fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
    });
    return this.repo.byYear(v.fiscalYear);
  }

  /** Set a round's submission window (OBEC administrators); the year's other rounds get defaults if missing. */
  async schedule(viewer: MaybeViewer, input: unknown): Promise<ReportingRoundRecord> {
    const admin = assertCanManageCatalogue(viewer);
    const v = parseSchedule(input);
    return this.db.transaction(async (m) => {
      await this.repo.ensureYear(m, v.fiscalYear, admin.subject);
      return this.repo.schedule(m, v, admin.subject);
    });
  }
}
