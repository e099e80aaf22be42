import { forbidden } from '@smss/core';
import { canSeeRecordsOf, recordVisibility, requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import type { SchoolPlacement } from './student.types';

/**
 * Who may change a school's student records: its own staff, officers of its area office, OBEC
 * administrators. Analysts and partners read aggregates only.
 */
export function assertCanWriteSchool(viewer: MaybeViewer, placement: SchoolPlacement): Viewer {
  const v = requireViewer(viewer);
  const ok =
    v.role === 'obec-admin' ||
    (v.level === 'AREA' && v.orgCode === placement.areaOfficeCode) ||
    (v.level === 'SCHOOL' && v.orgCode === placement.schoolCode);
  if (!ok) {
    throw forbidden(
      `You may not change student records of school ${placement.schoolCode}`,
      `คุณไม่มีสิทธิ์แก้ไขข้อมูลนักเรียนของโรงเรียน ${placement.schoolCode}`,
    );
  }
  return v;
}

/**
 * Whether the viewer may see a school's student records (hierarchy). OBEC sees every school, even one
 * the local directory replica has not received yet; everyone else needs the school's placement.
 */
export const canSeeSchoolRecords = (
  viewer: MaybeViewer,
  placement: SchoolPlacement | null | undefined,
): boolean =>
  recordVisibility(viewer).kind === 'ALL' ||
  (!!placement &&
    canSeeRecordsOf(viewer, { schoolCode: placement.schoolCode, areaOfficeCode: placement.areaOfficeCode }));
