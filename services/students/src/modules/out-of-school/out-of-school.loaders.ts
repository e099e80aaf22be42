import DataLoader from 'dataloader';
import type { FollowUpRow, OutOfSchoolService } from './out-of-school.service';

/** The key of a child's follow-ups: "areaOfficeCode|academicYear|nationalId". */
export const followUpKey = (c: { areaOfficeCode: string; academicYear: number; nationalId: string }) =>
  `${c.areaOfficeCode}|${c.academicYear}|${c.nationalId}`;

/** Per-request loaders of the out-of-school module (`context.ts` builds them). */
export function createOutOfSchoolLoaders(outOfSchool: OutOfSchoolService) {
  return {
    /** {@link followUpKey} → the child's follow-ups, oldest first. */
    followUps: new DataLoader<string, FollowUpRow[]>(async (keys) => {
      const rows = await outOfSchool.followUpsOf(keys);
      return keys.map((k) => rows.filter((f) => followUpKey(f) === k));
    }),
  };
}

export type OutOfSchoolLoaders = ReturnType<typeof createOutOfSchoolLoaders>;
