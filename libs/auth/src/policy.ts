import { forbidden, unauthenticated } from '@smss/core';
import { hasScope, type MaybeViewer, type Viewer } from './viewer';

/** Where a record sits in the directory hierarchy: school ⊂ area office ⊂ OBEC. */
export interface DirectoryPlacement {
  schoolCode: string;
  areaOfficeCode: string;
}

export function requireViewer(viewer: MaybeViewer): Viewer {
  if (!viewer.authenticated) throw unauthenticated();
  return viewer;
}

/** Row-level visibility as a filter the repositories turn into SQL. */
export type VisibilityFilter =
  | { kind: 'ALL' }
  | { kind: 'AREA'; areaOfficeCode: string }
  | { kind: 'SCHOOL'; schoolCode: string }
  | { kind: 'NONE' };

/**
 * Which schools' records (personal or operational data) a viewer may see.
 * Partners see none at record level: they read aggregates only, as their agreement allows.
 */
export function recordVisibility(viewer: MaybeViewer): VisibilityFilter {
  if (!viewer.authenticated) return { kind: 'NONE' };
  switch (viewer.level) {
    case 'OBEC':
      return { kind: 'ALL' };
    case 'AREA':
      return { kind: 'AREA', areaOfficeCode: viewer.orgCode };
    case 'SCHOOL':
      return { kind: 'SCHOOL', schoolCode: viewer.orgCode };
    default:
      return { kind: 'NONE' };
  }
}

export function canSeeRecordsOf(viewer: MaybeViewer, placement: DirectoryPlacement): boolean {
  const filter = recordVisibility(viewer);
  switch (filter.kind) {
    case 'ALL':
      return true;
    case 'AREA':
      return filter.areaOfficeCode === placement.areaOfficeCode;
    case 'SCHOOL':
      return filter.schoolCode === placement.schoolCode;
    default:
      return false;
  }
}

/**
 * Who may create or edit a directory entry: OBEC administrators anywhere, area-office staff
 * with `directory:write` inside their own area. Schools and partners never.
 */
export function assertCanManageSchool(viewer: MaybeViewer, areaOfficeCode: string): Viewer {
  const v = requireViewer(viewer);
  if (!hasScope(v, 'directory:write')) {
    throw forbidden(
      'Editing the school directory needs the directory:write scope',
      'การแก้ไขทะเบียนโรงเรียนต้องมีสิทธิ์ directory:write',
    );
  }
  if (v.role === 'obec-admin') return v;
  if (v.level === 'AREA' && v.orgCode === areaOfficeCode) return v;
  throw forbidden(
    `Only OBEC administrators or officers of area office ${areaOfficeCode} may edit this school`,
    `เฉพาะผู้ดูแลระบบ สพฐ. หรือเจ้าหน้าที่ของเขตพื้นที่ ${areaOfficeCode} เท่านั้นที่แก้ไขโรงเรียนนี้ได้`,
  );
}
