import { forbidden } from '@smss/core';
import { canSeeRecordsOf, hasScope, requireViewer, SCOPES, type MaybeViewer, type Viewer } from '@smss/auth';

/** Where a school sits (from the directory replica, or from its allocations before the replica knows it). */
export interface SchoolPlacement {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  nameTh: string | null;
}

/**
 * Who may see what (issue: "School finance staff and the director: their school. Area officers:
 * their area's schools. OBEC: all. Partner role: aggregated allocations only.")
 */
export const canReadSchoolFinance = (viewer: MaybeViewer, p: SchoolPlacement): boolean =>
  canSeeRecordsOf(viewer, { schoolCode: p.schoolCode, areaOfficeCode: p.areaOfficeCode });

export function assertCanReadSchoolFinance(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = requireViewer(viewer);
  if (!canReadSchoolFinance(v, p)) {
    throw forbidden(
      `You may not see the finance of school ${p.schoolCode}`,
      `คุณไม่มีสิทธิ์ดูข้อมูลการเงินของโรงเรียน ${p.schoolCode}`,
    );
  }
  return v;
}

/** Finance staff of the school: its school-staff and its director. */
export function assertSchoolFinanceStaff(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = requireViewer(viewer);
  if (v.level === 'SCHOOL' && v.orgCode === p.schoolCode) return v;
  throw forbidden(
    `Only the staff of school ${p.schoolCode} may record its finance`,
    `เฉพาะบุคลากรของโรงเรียน ${p.schoolCode} เท่านั้นที่บันทึกข้อมูลการเงินของโรงเรียนได้`,
  );
}

/** Approvals: the director of that school only. */
export function assertSchoolDirector(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'school-director' && v.orgCode === p.schoolCode) return v;
  throw forbidden(
    `Only the director of school ${p.schoolCode} may approve this`,
    `เฉพาะผู้อำนวยการโรงเรียน ${p.schoolCode} เท่านั้นที่อนุมัติได้`,
  );
}

export function assertObecAdmin(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'obec-admin') return v;
  throw forbidden(
    'Only OBEC administrators may change subsidy rates',
    'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่แก้ไขอัตราเงินอุดหนุนได้',
  );
}

/**
 * Aggregated allocation totals (area office, province): OBEC, anyone with `aggregates:read`
 * (partners, area officers), an area office for its own office without the scope. Schools: no.
 */
export function assertCanReadAggregates(viewer: MaybeViewer, scope: { areaOfficeCode?: string }): Viewer {
  const v = requireViewer(viewer);
  if (v.level === 'OBEC' || hasScope(v, SCOPES.AGGREGATES_READ)) return v;
  if (v.level === 'AREA' && scope.areaOfficeCode === v.orgCode) return v;
  throw forbidden(
    'Aggregated allocations need the aggregates:read scope',
    'การดูยอดรวมเงินอุดหนุนต้องมีสิทธิ์ aggregates:read',
  );
}

/** Per-school allocation rows (breakdowns, exports): record-level visibility, so partners never. */
export function assertNotPartner(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.level === 'PARTNER') {
    throw forbidden('Partners see aggregated allocations only', 'หน่วยงานภาคีดูได้เฉพาะยอดรวมเงินอุดหนุนเท่านั้น');
  }
  return v;
}
