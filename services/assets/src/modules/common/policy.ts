import { forbidden } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { canSeeOwned, hiddenRecord } from '@smss/trust';
import { ASSETS_PARTNERS } from '../../trust';
import type { SchoolPlacement } from '../directory/school-placement.repository';

/*
 * Write authorisation. Reads are the trust layer's (src/trust.ts); writes are decided here, with the
 * layer's rule first: a school whose records the viewer may not see is answered exactly like an unknown
 * one (NOT_FOUND, the same message), so a write never tells that a record or a school exists. A viewer
 * who may see the school but not do this gets FORBIDDEN, and no message names a school.
 */

/** The viewer, when it may see the school's records at all (the trust layer's owner rule and policy). */
export function visibleSchool(viewer: MaybeViewer, p: SchoolPlacement | null): Viewer {
  const v = requireViewer(viewer);
  if (
    !p ||
    !canSeeOwned(v, 'School', { schoolCode: p.schoolCode, areaOfficeCode: p.areaOfficeCode }, ASSETS_PARTNERS)
  )
    throw hiddenRecord();
  return v;
}

const isSchoolUser = (v: Viewer, p: SchoolPlacement) =>
  v.level === 'SCHOOL' &&
  v.orgCode === p.schoolCode &&
  (v.role === 'school-staff' || v.role === 'school-director');

/** The school's own staff and director keep its buildings, register, procurements and infrastructure. */
export function assertSchoolKeeper(viewer: MaybeViewer, p: SchoolPlacement | null): Viewer {
  const v = visibleSchool(viewer, p);
  if (isSchoolUser(v, p!)) return v;
  throw forbidden(
    "Only the school's own staff and director may record this",
    'เฉพาะบุคลากรและผู้อำนวยการของโรงเรียนนั้นเท่านั้นที่บันทึกข้อมูลนี้ได้',
  );
}

/** Approvals and appointments (disposals, stock-take committees): the school's director only. */
export function assertSchoolDirector(viewer: MaybeViewer, p: SchoolPlacement | null): Viewer {
  const v = visibleSchool(viewer, p);
  if (v.role === 'school-director' && v.orgCode === p!.schoolCode) return v;
  throw forbidden("Only the school's director may approve this", 'เฉพาะผู้อำนวยการโรงเรียนนั้นเท่านั้นที่อนุมัติได้');
}

/** Survey checks: the officers and director of the school's own area office. */
export function assertAreaReviewer(viewer: MaybeViewer, p: SchoolPlacement | null): Viewer {
  const v = visibleSchool(viewer, p);
  if ((v.role === 'area-officer' || v.role === 'area-director') && v.orgCode === p!.areaOfficeCode) return v;
  throw forbidden(
    "Only the school's area office may check its survey",
    'เฉพาะเจ้าหน้าที่และผู้อำนวยการเขตพื้นที่ที่โรงเรียนสังกัดเท่านั้นที่ตรวจสอบแบบสำรวจได้',
  );
}

/** Survey rounds: OBEC administrators. */
export function assertObecAdmin(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'obec-admin') return v;
  throw forbidden(
    'Only OBEC administrators may schedule or close survey rounds',
    'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่กำหนดหรือปิดรอบการสำรวจได้',
  );
}
