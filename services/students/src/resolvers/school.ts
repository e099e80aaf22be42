import type { GraphQLResolveInfo } from 'graphql';
import { connectionNeedsRows, toConnection, toPage } from '@smss/service-kit';
import type { StudentsContext } from '../context';
import type { DmcSnapshotRow } from '../modules/dmc/dmc.repository';
import { currentAcademicYear, toSummary } from './summary';

interface StudentFilter {
  gradeLevel?: string | null;
  classroom?: string | null;
  activeOnly?: boolean | null;
  academicYear?: number | null;
}

/**
 * `School` extended with its students (records: the list SQL and the trust layer keep to the viewer's
 * scope) and counts (aggregates: any signed-in viewer; small cells suppressed for partners by the layer).
 */
export const School = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  students: async (
    school: { id: string },
    args: { first?: number | null; after?: string | null; filter?: StudentFilter | null },
    ctx: StudentsContext,
    info: GraphQLResolveInfo,
  ) => {
    const page = toPage(args);
    const f = args.filter ?? {};
    const filter = {
      academicYear: f.academicYear ?? currentAcademicYear(),
      gradeLevel: f.gradeLevel ?? null,
      classroom: f.classroom ?? null,
      activeOnly: f.activeOnly ?? true,
    };
    // Asked for `totalCount` only (dashboards): count in SQL, load no page.
    if (!connectionNeedsRows(info))
      return toConnection(
        [],
        page,
        await ctx.loaders.studentCounts.load(`${school.id}|${JSON.stringify(filter)}`),
      );
    const { rows, total } = await ctx.loaders.studentPages.load(
      `${school.id}|${JSON.stringify({ filter, limit: page.limit, offset: page.offset })}`,
    );
    rows.forEach((r) => ctx.loaders.student.prime(r.id, r));
    return toConnection(rows, page, total);
  },
  enrollmentSummary: async (
    school: { id: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.schoolSummary.load(`${school.id}|${year}`));
  },
  dmcSnapshots: (school: { id: string }, args: { academicYear?: number | null }, ctx: StudentsContext) =>
    ctx.loaders.schoolSnapshots.load(`${school.id}|${args.academicYear ?? ''}`),
};

export const AreaOffice = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  enrollmentSummary: async (
    a: { code: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.areaSummary.load(`${a.code}|${year}`));
  },
};

export const Province = {
  __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
  enrollmentSummary: async (
    p: { code: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.provinceSummary.load(`${p.code}|${year}`));
  },
};

export const DmcSnapshot = {
  round: (s: DmcSnapshotRow, _: unknown, ctx: StudentsContext) => ctx.loaders.round.load(s.roundId),
  grades: (s: DmcSnapshotRow) => s.grades.map((g) => ({ ...g, total: g.male + g.female })),
  createdAt: (s: DmcSnapshotRow) => s.createdAt.toISOString(),
};

export const DmcRound = {
  closedAt: (r: { closedAt: Date | null }) => r.closedAt?.toISOString() ?? null,
  snapshotCount: (r: { id: string }, _: unknown, ctx: StudentsContext) =>
    ctx.loaders.snapshotCount.load(r.id),
};
