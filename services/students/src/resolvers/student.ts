import type { StudentsContext } from '../context';
import { studentPseudonym } from '../modules/registry/pseudonym';
import type { ConflictRow, EnrollmentRow, StudentRow, TransferRow } from '../modules/registry/student.types';

/*
 * Resolvers only map rows to the schema. Row scope, masking and the personal-data audit are the trust
 * layer's (see ../trust.ts and the SDL's directives): they apply to every path, `_entities` included.
 */

export const Student = {
  __resolveReference: (ref: { id: string }, ctx: StudentsContext) => ctx.loaders.student.load(ref.id),
  disadvantage: (s: StudentRow) => ({
    poverty: s.poverty,
    disabilityType: s.disabilityType,
    orphan: s.orphan,
    stateless: s.stateless,
    ethnicMinority: s.ethnicMinority,
  }),
  currentEnrollment: async (s: StudentRow, _: unknown, ctx: StudentsContext) =>
    (await ctx.loaders.enrollments.load(s.id)).find((e) => e.status === 'ACTIVE') ?? null,
  enrollments: (s: StudentRow, _: unknown, ctx: StudentsContext) => ctx.loaders.enrollments.load(s.id),
  pseudonym: (s: StudentRow, _: unknown, ctx: StudentsContext) =>
    studentPseudonym(ctx.viewer, s.id, ctx.pseudonymKey),
};

export const Enrollment = {
  school: (e: EnrollmentRow) => ({ __typename: 'School', id: e.schoolId }),
};

export const Transfer = {
  student: (t: TransferRow, _: unknown, ctx: StudentsContext) => ctx.loaders.student.load(t.studentId),
  fromSchool: (t: TransferRow) => ({ __typename: 'School', id: t.fromSchoolId }),
  toSchool: (t: TransferRow) => (t.toSchoolId ? { __typename: 'School', id: t.toSchoolId } : null),
};

export const EnrollmentConflict = {
  importingSchool: (c: ConflictRow) => ({ __typename: 'School', id: c.importingSchoolId }),
  enrolledAt: (c: ConflictRow) => ({ conflict: c }),
  foundAt: (c: ConflictRow) => c.foundAt.toISOString(),
};

export const ConflictEnrolment = {
  school: ({ conflict }: { conflict: ConflictRow }) => ({
    __typename: 'School',
    id: conflict.enrolledSchoolId,
  }),
};
