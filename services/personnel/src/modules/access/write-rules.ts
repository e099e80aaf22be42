import { forbidden } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import type { Placement } from '../staff/staff.types';

/**
 * Who may change what in personnel. Reads are the trust layer's (`record-scope.ts`, `trust-rules.ts`);
 * the services call these rules only for writes, and only after making sure the viewer may see the
 * record at all (a record the viewer may not see is answered like an unknown one: NOT_FOUND).
 *
 * | write                                  | who                                                                  |
 * |----------------------------------------|----------------------------------------------------------------------|
 * | register staff in an area              | OBEC administrators; that area's office                              |
 * | transfer within an area                | OBEC administrators; the area office of the current post            |
 * | release to another area (releaseStaff) | OBEC administrators; the area office of the current post            |
 * | transfer into another area             | OBEC administrators; the receiving area office, once released       |
 * | salary, academic standing              | OBEC administrators; the area office of the person                   |
 * | names, birth date, login, licences     | … and the person's school director                                  |
 * | contact details, subject, degrees      | … and the person themself                                            |
 * | file leave                             | the person, or whoever may edit their record                        |
 * | decide leave                           | the designated approver only (never one's own)                       |
 */

export const isAreaRole = (v: Viewer) => v.role === 'area-officer' || v.role === 'area-director';

/** Register staff in an area: OBEC administrators or that area's office. */
export function assertCanAppointIn(viewer: MaybeViewer, areaOfficeCode: string): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'obec-admin') return v;
  if (isAreaRole(v) && v.orgCode === areaOfficeCode) return v;
  throw forbidden(
    'Only OBEC administrators or the area office of the post may appoint staff there',
    'เฉพาะผู้ดูแลระบบ สพฐ. หรือสำนักงานเขตพื้นที่ของตำแหน่งนั้นเท่านั้นที่แต่งตั้งบุคลากรได้',
  );
}

/**
 * May the viewer make this transfer? The releasing side's authority is needed: the area office of the
 * current post transfers within its area, or releases the person to another area office (`releaseStaff`),
 * whose office then makes the transfer. The receiving side alone never pulls anyone out.
 * Returns how the transfer is authorised, or null.
 */
export function transferAuthority(
  viewer: Viewer,
  move: { releasingArea: string; receivingArea: string; releasedTo: string | null },
): 'OBEC' | 'RELEASING_AREA' | 'RELEASED' | null {
  if (viewer.role === 'obec-admin') return 'OBEC';
  if (!isAreaRole(viewer)) return null;
  if (viewer.orgCode === move.releasingArea && move.receivingArea === move.releasingArea)
    return 'RELEASING_AREA';
  if (viewer.orgCode === move.receivingArea && move.releasedTo === move.receivingArea) return 'RELEASED';
  return null;
}

/** Why a transfer the viewer may see is refused (no codes: the viewer knows the record already). */
export function transferRefused(viewer: Viewer, releasingArea: string) {
  return isAreaRole(viewer) && viewer.orgCode === releasingArea
    ? forbidden(
        'A transfer to another area office is made by the receiving area office once you have released the staff member (releaseStaff)',
        'การย้ายไปต่างเขตพื้นที่ให้สำนักงานเขตพื้นที่ปลายทางเป็นผู้ดำเนินการ หลังจากเขตพื้นที่ต้นทางอนุมัติให้ย้าย (releaseStaff) แล้ว',
      )
    : forbidden(
        'Transfers need the releasing side: the area office of the current post (or OBEC administrators)',
        'การย้ายต้องได้รับอนุมัติจากต้นสังกัด: สำนักงานเขตพื้นที่ของตำแหน่งปัจจุบัน (หรือผู้ดูแลระบบ สพฐ.)',
      );
}

/** Release staff to another area office: OBEC administrators or the area office of the current post. */
export function assertCanRelease(viewer: Viewer, releasingArea: string): void {
  if (viewer.role === 'obec-admin') return;
  if (isAreaRole(viewer) && viewer.orgCode === releasingArea) return;
  throw forbidden(
    'Only the area office of the current post (or OBEC administrators) may release staff',
    'เฉพาะสำนักงานเขตพื้นที่ของตำแหน่งปัจจุบัน (หรือผู้ดูแลระบบ สพฐ.) เท่านั้นที่อนุมัติให้ย้ายได้',
  );
}

export type EditRight = 'SELF' | 'SCHOOL' | 'AREA';

/** The strongest right the viewer has over a staff record, or null. */
export function editRightOver(
  viewer: MaybeViewer,
  staff: { accountSubject: string | null; placement: Placement | null },
): EditRight | null {
  if (!viewer.authenticated) return null;
  if (viewer.role === 'obec-admin') return 'AREA';
  const p = staff.placement;
  if (isAreaRole(viewer) && p?.areaOfficeCode === viewer.orgCode) return 'AREA';
  if (viewer.role === 'school-director' && p?.schoolCode != null && p.schoolCode === viewer.orgCode)
    return 'SCHOOL';
  if (staff.accountSubject && staff.accountSubject === viewer.subject) return 'SELF';
  return null;
}

/** File leave for someone: themselves, or their school director / area office / OBEC administrator. */
export function assertCanFileLeaveFor(
  viewer: MaybeViewer,
  staff: { accountSubject: string | null; placement: Placement | null },
): Viewer {
  const v = requireViewer(viewer);
  if (editRightOver(v, staff) == null) {
    throw forbidden(
      'You may file leave only for yourself or for staff you manage',
      'ยื่นใบลาได้เฉพาะของตนเองหรือของบุคลากรในความรับผิดชอบ',
    );
  }
  return v;
}

export interface LeaveAccessFacts extends Placement {
  staffAccountSubject: string | null;
  requestedBy: string;
  approverLevel: 'SCHOOL_DIRECTOR' | 'AREA_OFFICE';
  approverOrgCode: string;
}

/** Is the viewer the designated approver? A teacher's leave: the school director; a director's: the area office. */
export function isDesignatedApprover(viewer: MaybeViewer, leave: LeaveAccessFacts): boolean {
  if (!viewer.authenticated) return false;
  if (leave.staffAccountSubject && leave.staffAccountSubject === viewer.subject) return false;
  if (viewer.orgCode !== leave.approverOrgCode) return false;
  return leave.approverLevel === 'SCHOOL_DIRECTOR' ? viewer.role === 'school-director' : isAreaRole(viewer);
}

/** The designated approver decides; the message names no organisation. */
export const notTheApprover = () =>
  forbidden(
    'Only the designated approver (the school director, or the area office for directors and office staff) may decide this leave',
    'เฉพาะผู้มีอำนาจอนุญาต (ผู้อำนวยการโรงเรียน หรือสำนักงานเขตพื้นที่สำหรับผู้อำนวยการและบุคลากรในสำนักงานเขต) เท่านั้นที่พิจารณาใบลานี้ได้',
  );
