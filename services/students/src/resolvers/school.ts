import { forbidden } from '@smss/core';
import { requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import type { StudentsContext } from '../context';
import { canSeeSchoolRecords } from '../modules/registry/access';
import { currentAcademicYear, toSummary } from './summary';

interface StudentFilter {
  gradeLevel?: string | null;
  classroom?: string | null;
  activeOnly?: boolean | null;
  academicYear?: number | null;
}

/** `School` extended with its students (records: hierarchy rules) and counts (aggregates: any viewer). */
export const School = {
  __resolveReference: (ref: { id: string }, ctx: StudentsContext) => {
    requireViewer(ctx.viewer);
    return { id: ref.id };
  },
  students: async (
    school: { id: string },
    args: { first?: number | null; after?: string | null; filter?: StudentFilter | null },
    ctx: StudentsContext,
  ) => {
    requireViewer(ctx.viewer);
    const placement = await ctx.loaders.placementById.load(school.id);
    if (!canSeeSchoolRecords(ctx.viewer, placement)) {
      throw forbidden(
        'You may not see the student records of this school',
        'คุณไม่มีสิทธิ์ดูรายชื่อนักเรียนของโรงเรียนนี้',
      );
    }
    const page = toPage(args);
    const f = args.filter ?? {};
    const filter = {
      academicYear: f.academicYear ?? currentAcademicYear(),
      gradeLevel: f.gradeLevel ?? null,
      classroom: f.classroom ?? null,
      activeOnly: f.activeOnly ?? true,
    };
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
    requireViewer(ctx.viewer);
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.schoolSummary.load(`${school.id}|${year}`));
  },
  dmcSnapshots: async (
    school: { id: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    requireViewer(ctx.viewer);
    return ctx.dataSource.query(
      `SELECT d.id, d.round_id AS "roundId", d.version, d.total_students AS "totalStudents", d.grades, d.created_at AS "createdAt"
         FROM dmc_snapshot d JOIN dmc_round r ON r.id = d.round_id
        WHERE d.school_id = $1 AND ($2::int IS NULL OR r.academic_year = $2)
        ORDER BY r.as_of_date DESC, d.version DESC`,
      [school.id, args.academicYear ?? null],
    );
  },
};

export const AreaOffice = {
  __resolveReference: (ref: { code: string }, ctx: StudentsContext) => {
    requireViewer(ctx.viewer);
    return { code: ref.code };
  },
  enrollmentSummary: async (
    a: { code: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    requireViewer(ctx.viewer);
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.areaSummary.load(`${a.code}|${year}`));
  },
};

export const Province = {
  __resolveReference: (ref: { code: string }, ctx: StudentsContext) => {
    requireViewer(ctx.viewer);
    return { code: ref.code };
  },
  enrollmentSummary: async (
    p: { code: string },
    args: { academicYear?: number | null },
    ctx: StudentsContext,
  ) => {
    requireViewer(ctx.viewer);
    const year = args.academicYear ?? currentAcademicYear();
    return toSummary(year, await ctx.loaders.provinceSummary.load(`${p.code}|${year}`));
  },
};

export const DmcSnapshot = {
  round: async (s: { roundId: string }, _: unknown, ctx: StudentsContext) =>
    (await ctx.dmc.roundsByIds([s.roundId]))[0],
  grades: (s: { grades: Array<{ male: number; female: number }> }) =>
    s.grades.map((g) => ({ ...g, total: g.male + g.female })),
  createdAt: (s: { createdAt: Date }) => s.createdAt.toISOString(),
};

export const DmcRound = {
  closedAt: (r: { closedAt: Date | null }) => r.closedAt?.toISOString() ?? null,
  snapshotCount: async (r: { id: string }, _: unknown, ctx: StudentsContext) =>
    Number(
      (
        await ctx.dataSource.query(
          `SELECT count(DISTINCT school_id) AS n FROM dmc_snapshot WHERE round_id = $1`,
          [r.id],
        )
      )[0].n,
    ),
};
