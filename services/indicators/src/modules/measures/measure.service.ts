import { z } from 'zod';
import type { MaybeViewer } from '@smss/auth';
import { parseInput } from '@smss/core';
import { seesOrganisation } from '../../trust';
import { ORG_CODE } from '../access/organisation';
import { fiscalYearSchema } from '../catalogue/catalogue.rules';
import { PLATFORM_MEASURES } from '../catalogue/catalogue.types';
import type { SchoolPlacementRepository } from '../directory/school-placement.repository';
import type { MeasureRepository, MeasureValue } from './measure.repository';

const schema = z.object({
  measure: z.enum(PLATFORM_MEASURES),
  orgCode: z.string().regex(ORG_CODE),
  fiscalYear: fiscalYearSchema,
});

/** Platform values for the organisations the viewer may see (null for others and for unknown ones). */
export class MeasureService {
  constructor(
    private readonly repo: MeasureRepository,
    private readonly placements: SchoolPlacementRepository,
  ) {}

  async value(viewer: MaybeViewer, args: Record<string, unknown>): Promise<MeasureValue | null> {
    const v = parseInput(schema, args, {
      measure: 'ข้อมูลในระบบที่ขอไม่ถูกต้อง',
      orgCode: 'รหัสหน่วยงานต้องเป็น OBEC รหัสเขตพื้นที่ 4 หลัก หรือรหัสโรงเรียน 10 หลัก',
      fiscalYear: 'ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2569',
    });
    const [org] = await this.placements.organisations([v.orgCode]);
    if (!org || !seesOrganisation(viewer, 'PlatformMeasureValue', org)) return null;
    return this.repo.valueOf(v.measure, org, v.fiscalYear);
  }
}
