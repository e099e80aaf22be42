import { badInput, forbidden } from '@smss/core';
import { canReadPii, recordVisibility, requireViewer } from '@smss/auth';
import { toConnection, toPage } from '@smss/service-kit';
import { normalizeNationalId } from '@smss/thai';
import type { StudentsContext } from '../context';
import { loadVisibleStudent } from './student';
import { personalValue } from '../modules/registry/student.view';

export const Query = {
  student: (_: unknown, args: { id: string }, ctx: StudentsContext) => loadVisibleStudent(ctx, args.id),
  studentByNationalId: async (_: unknown, args: { nationalId: string }, ctx: StudentsContext) => {
    const viewer = requireViewer(ctx.viewer);
    if (!canReadPii(viewer)) {
      throw forbidden(
        'Looking a student up by national ID needs the pii:read scope',
        'การค้นหาด้วยเลขประจำตัวประชาชนต้องมีสิทธิ์ pii:read',
      );
    }
    const key = /^g/i.test(args.nationalId.trim())
      ? args.nationalId.trim().toUpperCase()
      : normalizeNationalId(args.nationalId);
    if (!/^(\d{13}|G\d{12})$/.test(key))
      throw badInput('Give 13 digits or a G-code', 'ต้องระบุเลข 13 หลักหรือรหัส G');
    const row = await ctx.repo.studentByIdentity(key);
    return row ? loadVisibleStudent(ctx, row.id) : null;
  },
  dmcRounds: (_: unknown, args: { academicYear?: number | null }, ctx: StudentsContext) => {
    requireViewer(ctx.viewer);
    return ctx.dmc.rounds(args.academicYear);
  },
  enrollmentConflicts: async (
    _: unknown,
    args: { first?: number | null; after?: string | null },
    ctx: StudentsContext,
  ) => {
    const viewer = requireViewer(ctx.viewer);
    const scope = recordVisibility(viewer);
    if (scope.kind !== 'ALL' && scope.kind !== 'AREA') {
      throw forbidden(
        'Enrolment conflicts are for area offices and OBEC',
        'รายการชื่อซ้ำซ้อนสำหรับเขตพื้นที่และ สพฐ. เท่านั้น',
      );
    }
    const page = toPage(args);
    const area = scope.kind === 'AREA' ? scope.areaOfficeCode : null;
    const rows: Array<Record<string, any>> = await ctx.dataSource.query(
      `SELECT c.id, c.student_id AS "studentId", s.national_id AS "nationalId", s.g_code AS "gCode",
              c.importing_school_id AS "importingSchoolId", c.enrolled_school_id AS "enrolledSchoolId", c.found_at AS "foundAt",
              count(*) OVER () AS total
         FROM enrollment_conflict c JOIN student s ON s.id = c.student_id
        WHERE $1::text IS NULL OR c.importing_area_office_code = $1 OR c.enrolled_area_office_code = $1
        ORDER BY c.found_at DESC LIMIT $2 OFFSET $3`,
      [area, page.limit, page.offset],
    );
    const nodes = rows.map((r) => {
      ctx.audit.record(r.studentId, 'nationalId');
      return {
        id: r.id,
        nationalId: personalValue(
          { nationalId: r.nationalId, gCode: r.gCode } as never,
          r.nationalId ? 'nationalId' : 'gCode',
          viewer,
        ),
        importingSchool: { __typename: 'School', id: r.importingSchoolId },
        enrolledSchool: { __typename: 'School', id: r.enrolledSchoolId },
        foundAt: r.foundAt.toISOString(),
      };
    });
    return toConnection(nodes, page, rows.length ? Number(rows[0]!.total) : 0);
  },
};
