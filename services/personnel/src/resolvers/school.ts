import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { PersonnelContext } from '../context';
import {
  assertCanSeeSchoolAggregates,
  seesAllAggregates,
  staffListAccessAtSchool,
  type Placement,
} from '../modules/access/personnel-policy';

type SchoolRef = { id: string };

async function placementOf(school: SchoolRef, ctx: PersonnelContext): Promise<Placement | null> {
  const row = await ctx.loaders.replicaSchoolById.load(school.id);
  return row ? { schoolCode: row.obecCode, areaOfficeCode: row.areaOfficeCode } : null;
}

/** Aggregates: the placement is looked up only when the viewer's reach depends on it. */
async function assertAggregates(school: SchoolRef, ctx: PersonnelContext): Promise<void> {
  if (seesAllAggregates(ctx.viewer)) return;
  assertCanSeeSchoolAggregates(ctx.viewer, await placementOf(school, ctx));
}

/** The directory's School, extended with its staff and staffing; hierarchy from the directory replica. */
export const School = {
  /**
   * Nothing to load per representation: each field batches its own work across every school of
   * the `_entities` call (counts, staffing, and the replica placement when a rule needs it) and
   * applies the same rules as the top-level queries.
   */
  __resolveReference: (ref: SchoolRef, ctx: PersonnelContext) => {
    requireViewer(ctx.viewer);
    return { id: ref.id };
  },
  staff: async (
    school: SchoolRef,
    args: { first?: number | null; after?: string | null },
    ctx: PersonnelContext,
  ) => {
    const access = staffListAccessAtSchool(ctx.viewer, await placementOf(school, ctx));
    const page = toPage(args);
    const [total, rows] = await Promise.all([
      ctx.loaders.schoolStaffCount.load({ id: school.id, access }),
      page.limit > 0
        ? ctx.loaders.schoolStaffPage.load({ id: school.id, access, limit: page.limit, offset: page.offset })
        : [],
    ]);
    rows.forEach((row) => ctx.loaders.staffById.prime(row.id, row));
    return toConnection(rows, page, total);
  },
  staffCount: async (school: SchoolRef, _: unknown, ctx: PersonnelContext) => {
    await assertAggregates(school, ctx);
    return ctx.loaders.schoolStaffCount.load({ id: school.id, access: { kind: 'ALL' } });
  },
  staffing: async (school: SchoolRef, _: unknown, ctx: PersonnelContext) => {
    await assertAggregates(school, ctx);
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
