import { forbidden } from '@smss/core';
import { hasScope, requireViewer, SCOPES, type MaybeViewer, type Viewer } from '@smss/auth';

/**
 * Who may see and do what in personnel (enforced here, in the subgraph, for queries, mutations
 * and `_entities` alike):
 *
 * | viewer                          | staff records                      | aggregates (counts, staffing)        |
 * |---------------------------------|------------------------------------|--------------------------------------|
 * | obec-admin, obec-analyst        | all                                | all                                  |
 * | area-officer, area-director     | staff posted in their area         | their area; any with aggregates:read |
 * | school-director                 | staff posted at their school       | their school                         |
 * | school-staff                    | their own record only              | their school                         |
 * | partner                         | none                               | with aggregates:read only            |
 *
 * Personal fields are masked without pii:read (see personal-data.ts). Writes: OBEC administrators
 * anywhere; area-office roles in their area (register, transfer into it, salary and standing);
 * the school director for the school's staff; staff for their own contact details and leave.
 */
export type StaffScope =
  | { kind: 'ALL' }
  | { kind: 'AREA'; areaOfficeCode: string }
  | { kind: 'SCHOOL'; schoolCode: string }
  | { kind: 'SELF'; subject: string; schoolCode: string }
  | { kind: 'NONE' };

/** Where a staff member (or a leave request) sits: the school (if any) and the area office. */
export interface Placement {
  schoolCode: string | null;
  areaOfficeCode: string | null;
}

export function staffScopeOf(viewer: MaybeViewer): StaffScope {
  if (!viewer.authenticated) return { kind: 'NONE' };
  switch (viewer.role) {
    case 'obec-admin':
    case 'obec-analyst':
      return { kind: 'ALL' };
    case 'area-officer':
    case 'area-director':
      return { kind: 'AREA', areaOfficeCode: viewer.orgCode };
    case 'school-director':
      return { kind: 'SCHOOL', schoolCode: viewer.orgCode };
    case 'school-staff':
      return { kind: 'SELF', subject: viewer.subject, schoolCode: viewer.orgCode };
    default:
      return { kind: 'NONE' };
  }
}

export const isAreaRole = (v: Viewer) => v.role === 'area-officer' || v.role === 'area-director';

/** May the viewer see this staff record? */
export function canSeeStaff(
  viewer: MaybeViewer,
  staff: { accountSubject: string | null; placement: Placement | null },
): boolean {
  if (viewer.authenticated && staff.accountSubject && staff.accountSubject === viewer.subject) return true;
  const scope = staffScopeOf(viewer);
  const p = staff.placement;
  switch (scope.kind) {
    case 'ALL':
      return true;
    case 'AREA':
      return p?.areaOfficeCode === scope.areaOfficeCode;
    case 'SCHOOL':
      return p?.schoolCode != null && p.schoolCode === scope.schoolCode;
    default:
      return false;
  }
}

export function assertCanSeeStaff(
  viewer: MaybeViewer,
  staff: { accountSubject: string | null; placement: Placement | null },
): void {
  requireViewer(viewer);
  if (!canSeeStaff(viewer, staff)) {
    throw forbidden(
      'You may not see this staff record',
      'คุณไม่มีสิทธิ์ดูข้อมูลบุคลากรรายนี้ (เห็นได้เฉพาะตนเอง ผู้อำนวยการโรงเรียน เขตพื้นที่ หรือ สพฐ.)',
    );
  }
}

/**
 * What part of a school's or an area's staff list the viewer sees: all of it, only part (a
 * school director inside an area list; a staff member themselves), or nothing (FORBIDDEN).
 */
export type ListAccess =
  { kind: 'ALL' } | { kind: 'SCHOOL'; schoolCode: string } | { kind: 'SELF'; subject: string };

export function staffListAccessAtSchool(viewer: MaybeViewer, school: Placement | null): ListAccess {
  const v = requireViewer(viewer);
  const scope = staffScopeOf(v);
  if (scope.kind === 'ALL') return { kind: 'ALL' };
  if (school) {
    if (scope.kind === 'AREA' && school.areaOfficeCode === scope.areaOfficeCode) return { kind: 'ALL' };
    if (scope.kind === 'SCHOOL' && school.schoolCode === scope.schoolCode) return { kind: 'ALL' };
    if (scope.kind === 'SELF' && school.schoolCode === scope.schoolCode)
      return { kind: 'SELF', subject: v.subject };
  }
  throw noStaffListAccess(v);
}

export function staffListAccessInArea(viewer: MaybeViewer, areaOfficeCode: string): ListAccess {
  const v = requireViewer(viewer);
  const scope = staffScopeOf(v);
  if (scope.kind === 'ALL') return { kind: 'ALL' };
  if (scope.kind === 'AREA' && scope.areaOfficeCode === areaOfficeCode) return { kind: 'ALL' };
  if (scope.kind === 'SCHOOL') return { kind: 'SCHOOL', schoolCode: scope.schoolCode };
  if (scope.kind === 'SELF') return { kind: 'SELF', subject: v.subject };
  throw noStaffListAccess(v);
}

const noStaffListAccess = (v: Viewer) =>
  v.level === 'PARTNER'
    ? forbidden(
        'Partners see personnel aggregates only (staffCount, staffing)',
        'หน่วยงานภาคีดูได้เฉพาะข้อมูลสรุป (จำนวนบุคลากร อัตรากำลัง)',
      )
    : forbidden(
        'These staff are outside your school or area office',
        'บุคลากรเหล่านี้อยู่นอกโรงเรียนหรือเขตพื้นที่ของคุณ',
      );

/** Aggregates everywhere: OBEC roles and anyone with the aggregates:read scope. */
export function seesAllAggregates(viewer: MaybeViewer): boolean {
  return hasScope(viewer, SCOPES.AGGREGATES_READ) || staffScopeOf(viewer).kind === 'ALL';
}

/** Aggregates of one school: anyone with hierarchy reach over it, or the aggregates:read scope. */
export function assertCanSeeSchoolAggregates(viewer: MaybeViewer, school: Placement | null): void {
  const v = requireViewer(viewer);
  if (hasScope(v, SCOPES.AGGREGATES_READ)) return;
  const scope = staffScopeOf(v);
  if (scope.kind === 'ALL') return;
  if (school && scope.kind === 'AREA' && school.areaOfficeCode === scope.areaOfficeCode) return;
  if (school && (scope.kind === 'SCHOOL' || scope.kind === 'SELF') && school.schoolCode === scope.schoolCode)
    return;
  throw forbidden(
    'Personnel figures of this school need the aggregates:read scope',
    'ข้อมูลสรุปบุคลากรของโรงเรียนนี้ต้องมีสิทธิ์ aggregates:read',
  );
}

export function assertCanSeeAreaAggregates(viewer: MaybeViewer, areaOfficeCode: string): void {
  const v = requireViewer(viewer);
  if (hasScope(v, SCOPES.AGGREGATES_READ)) return;
  const scope = staffScopeOf(v);
  if (scope.kind === 'ALL' || (scope.kind === 'AREA' && scope.areaOfficeCode === areaOfficeCode)) return;
  throw forbidden(
    'Personnel figures of this area office need the aggregates:read scope',
    'ข้อมูลสรุปบุคลากรของเขตพื้นที่นี้ต้องมีสิทธิ์ aggregates:read',
  );
}

/** Register staff in, or transfer staff into, an area: OBEC administrators or that area's office. */
export function assertCanStaffArea(viewer: MaybeViewer, areaOfficeCode: string): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'obec-admin') return v;
  if (isAreaRole(v) && v.orgCode === areaOfficeCode) return v;
  throw forbidden(
    `Only OBEC administrators or area office ${areaOfficeCode} may appoint staff there`,
    `เฉพาะผู้ดูแลระบบ สพฐ. หรือสำนักงานเขตพื้นที่ ${areaOfficeCode} เท่านั้นที่แต่งตั้งบุคลากรในเขตนี้ได้`,
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

/** Leave is visible to the person, their school director and area office at filing time, the approver, OBEC. */
export function canSeeLeave(viewer: MaybeViewer, leave: LeaveAccessFacts): boolean {
  if (!viewer.authenticated) return false;
  if (leave.staffAccountSubject === viewer.subject || leave.requestedBy === viewer.subject) return true;
  if (isDesignatedApprover(viewer, leave)) return true;
  const scope = staffScopeOf(viewer);
  switch (scope.kind) {
    case 'ALL':
      return true;
    case 'AREA':
      return leave.areaOfficeCode === scope.areaOfficeCode;
    case 'SCHOOL':
      return leave.schoolCode === scope.schoolCode;
    default:
      return false;
  }
}
