import { forbidden } from '@smss/core';
import { requireViewer, type MaybeViewer, type Viewer } from '@smss/auth';
import { canSeeOwned, hiddenRecord } from '@smss/trust';
import { FINANCE_PARTNERS } from '../../trust';

/** Where a school sits (from the directory replica, or from its allocations before the replica knows it). */
export interface SchoolPlacement {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  nameTh: string | null;
}

/*
 * Write authorisation. Reads are the trust layer's (src/trust.ts); writes are decided here, with the
 * layer's rule first: a school whose records the viewer may not see is answered exactly like an
 * unknown one (NOT_FOUND, the same message), so a write never tells a record or a place exists. A
 * viewer who may see the school but not do this gets FORBIDDEN — and no message names a school.
 */

/** May the viewer see this school's records at all? The trust layer's owner rule and policy. */
const seesSchool = (viewer: Viewer, p: SchoolPlacement): boolean =>
  canSeeOwned(
    viewer,
    'School',
    { schoolCode: p.schoolCode, areaOfficeCode: p.areaOfficeCode },
    FINANCE_PARTNERS,
  );

function visibleTo(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = requireViewer(viewer);
  if (!seesSchool(v, p)) throw hiddenRecord();
  return v;
}

/** Finance staff of the school: its school-staff and its director. */
export function assertSchoolFinanceStaff(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = visibleTo(viewer, p);
  if (v.level === 'SCHOOL' && v.orgCode === p.schoolCode) return v;
  throw forbidden(
    "Only the school's own staff may record its finance",
    'เฉพาะบุคลากรของโรงเรียนนั้นเท่านั้นที่บันทึกข้อมูลการเงินของโรงเรียนได้',
  );
}

/** Approvals: the director of that school only. */
export function assertSchoolDirector(viewer: MaybeViewer, p: SchoolPlacement): Viewer {
  const v = visibleTo(viewer, p);
  if (v.role === 'school-director' && v.orgCode === p.schoolCode) return v;
  throw forbidden("Only the school's director may approve this", 'เฉพาะผู้อำนวยการโรงเรียนนั้นเท่านั้นที่อนุมัติได้');
}

export function assertObecAdmin(viewer: MaybeViewer): Viewer {
  const v = requireViewer(viewer);
  if (v.role === 'obec-admin') return v;
  throw forbidden(
    'Only OBEC administrators may change subsidy rates',
    'เฉพาะผู้ดูแลระบบ สพฐ. เท่านั้นที่แก้ไขอัตราเงินอุดหนุนได้',
  );
}
