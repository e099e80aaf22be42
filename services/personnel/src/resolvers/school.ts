import type { PersonnelContext } from '../context';
import { containerStaff } from './shared';

type SchoolRef = { id: string };

/**
 * The directory's School, extended with its staff and staffing. `staffCount` and `staffing` are
 * aggregates (any signed-in viewer, partners included); `staff` lists only the records the viewer's
 * scope reaches (empty outside it, so an unknown school and another school's staff look the same).
 */
export const School = {
  /** Nothing to load per representation: each field batches its own work across the `_entities` call. */
  __resolveReference: (ref: SchoolRef) => ({ id: ref.id }),
  ...containerStaff<SchoolRef>('school', (school) => school.id),
  staffing: async (school: SchoolRef, _: unknown, ctx: PersonnelContext) => {
    const row = await ctx.loaders.schoolStaffing.load(school.id);
    const e = row?.enrolment ?? null;
    const actual = row?.teachersActual ?? 0;
    return {
      teachersRequired: e?.teachersRequired ?? null,
      teachersActual: actual,
      gap: e ? actual - e.teachersRequired : null,
      directorsRequired: e?.directorsRequired ?? null,
      deputyDirectorsRequired: e?.deputyDirectorsRequired ?? null,
      students: e?.students ?? null,
      classrooms: e?.classrooms ?? null,
      basis: e
        ? {
            academicYear: e.academicYear,
            round: e.round,
            asOfDate: e.asOfDate,
            snapshotVersion: e.snapshotVersion,
          }
        : null,
    };
  },
};
