import { forbidden } from '@smss/core';
import { requireViewer } from '@smss/auth';
import type { StudentsContext } from '../context';
import { canSeeSchoolRecords } from '../modules/registry/access';
import type { StudentRow } from '../modules/registry/student.types';
import { personalValue, type PersonalField } from '../modules/registry/student.view';

/**
 * May the viewer see this student's record? Decided by the school of the student's latest
 * enrolment (current school, or the last one), against the local directory replica.
 */
export async function canSeeStudent(ctx: StudentsContext, studentId: string): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer.authenticated) return false;
  if (viewer.level === 'OBEC') return true;
  const enrollments = await ctx.loaders.enrollments.load(studentId);
  const latest = enrollments.find((e) => e.status === 'ACTIVE') ?? enrollments[enrollments.length - 1];
  if (!latest) return false;
  return canSeeSchoolRecords(viewer, {
    schoolId: latest.schoolId,
    schoolCode: latest.schoolCode,
    areaOfficeCode: latest.areaOfficeCode,
    provinceCode: latest.provinceCode,
    status: 'OPEN',
  });
}

/** Load a student the viewer may see; null when it does not exist, FORBIDDEN when it is not theirs. */
export async function loadVisibleStudent(ctx: StudentsContext, id: string): Promise<StudentRow | null> {
  requireViewer(ctx.viewer);
  const row = await ctx.loaders.student.load(id);
  if (!row) return null;
  if (!(await canSeeStudent(ctx, id))) {
    throw forbidden('You may not see this student', 'คุณไม่มีสิทธิ์ดูข้อมูลนักเรียนคนนี้');
  }
  return row;
}

const personal = (field: PersonalField) => (s: StudentRow, _: unknown, ctx: StudentsContext) => {
  ctx.audit.record(s.id, field);
  return personalValue(s, field, ctx.viewer);
};

export const Student = {
  __resolveReference: (ref: { id: string }, ctx: StudentsContext) => loadVisibleStudent(ctx, ref.id),
  nationalId: personal('nationalId'),
  gCode: personal('gCode'),
  firstNameTh: personal('firstNameTh'),
  lastNameTh: personal('lastNameTh'),
  birthDate: personal('birthDate'),
  disadvantage: personal('disadvantage'),
  currentEnrollment: async (s: StudentRow, _: unknown, ctx: StudentsContext) =>
    (await ctx.loaders.enrollments.load(s.id)).find((e) => e.status === 'ACTIVE') ?? null,
  enrollments: (s: StudentRow, _: unknown, ctx: StudentsContext) => ctx.loaders.enrollments.load(s.id),
};

export const Enrollment = {
  school: (e: { schoolId: string }) => ({ __typename: 'School', id: e.schoolId }),
};

export const Transfer = {
  student: (t: { studentId: string }, _: unknown, ctx: StudentsContext) =>
    ctx.loaders.student.load(t.studentId),
  fromSchool: (t: { fromSchoolId: string }) => ({ __typename: 'School', id: t.fromSchoolId }),
  toSchool: (t: { toSchoolId: string | null }) =>
    t.toSchoolId ? { __typename: 'School', id: t.toSchoolId } : null,
};
