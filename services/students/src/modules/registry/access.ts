import { forbidden } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';

/** Where a school sits, as far as write rights go. */
export interface WritePlacement {
  schoolCode: string;
  areaOfficeCode: string;
}

/**
 * Who may change a school's student records: its own staff, officers of its area office, OBEC
 * administrators. Analysts and partners read aggregates only.
 */
export function canWriteSchool(viewer: MaybeViewer, placement: WritePlacement): boolean {
  if (!viewer.authenticated) return false;
  return (
    viewer.role === 'obec-admin' ||
    (viewer.level === 'AREA' && viewer.orgCode === placement.areaOfficeCode) ||
    (viewer.level === 'SCHOOL' && viewer.orgCode === placement.schoolCode)
  );
}

/**
 * Refuse a write to a school the viewer may not change. The school was named by the viewer (the
 * directory is open to every signed-in viewer); the message names no school all the same.
 */
export function assertCanWriteSchool(viewer: MaybeViewer, placement: WritePlacement): Viewer {
  const v = requireViewer(viewer);
  if (!canWriteSchool(v, placement)) {
    throw forbidden(
      'You may not change the student records of this school',
      'คุณไม่มีสิทธิ์แก้ไขข้อมูลนักเรียนของโรงเรียนนี้',
    );
  }
  return v;
}
