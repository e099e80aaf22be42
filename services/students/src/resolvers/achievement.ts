import { badInput } from '@smss/core';
import { suppressesSmallCells } from '@smss/trust';
import type { StudentsContext } from '../context';
import { GPA_RULE, PROMOTION_RULE } from '../modules/achievement/grading';
import { ONET_SUBJECTS, type SubjectResultInput } from '../modules/achievement/achievement.service';
import { academicYearArg } from '../modules/registry/student.validation';

const termArg = (term: number) => {
  if (term !== 1 && term !== 2) throw badInput('term must be 1 or 2', 'ภาคเรียนต้องเป็น 1 หรือ 2');
  return term;
};

/** Achievement (Students II): subject results and GPA (personal), O-NET imports and means (aggregate). */
export const achievementResolvers = {
  Mutation: {
    recordSubjectResults: async (
      _: unknown,
      {
        input,
      }: { input: { studentId: string; academicYear: number; term: number; results: SubjectResultInput[] } },
      ctx: StudentsContext,
    ) => {
      const id = await ctx.achievement.recordSubjectResults(ctx.viewer, input);
      return ctx.loaders.student.load(id);
    },
    importOnetResults: (
      _: unknown,
      {
        input,
      }: { input: { schoolCode: string; academicYear: number; fileName: string; contentBase64: string } },
      ctx: StudentsContext,
    ) => ctx.achievement.importOnet(ctx.viewer, input, ctx.trust.audit),
  },
  Student: {
    gpa: async (s: { id: string }, args: { academicYear: number; term: number }, ctx: StudentsContext) => {
      const row = await ctx.loaders.achievement.gpa.load(
        `${s.id}|${academicYearArg(args.academicYear)}|${termArg(args.term)}`,
      );
      return row && { ...row, rule: `${GPA_RULE.source} Promotion: ${PROMOTION_RULE.source}` };
    },
  },
  School: {
    onetSummary: async (school: { id: string }, args: { academicYear: number }, ctx: StudentsContext) => {
      const year = academicYearArg(args.academicYear);
      const hide = suppressesSmallCells(ctx.viewer);
      const rows = await ctx.loaders.achievement.onetMeans.load(`${school.id}|${year}`);
      return rows.map((r) => ({
        subject: r.subject,
        subjectTh: ONET_SUBJECTS[r.subject].th,
        students: r.students,
        mean: hide && r.students < 5 ? null : Number(r.mean),
      }));
    },
  },
};
