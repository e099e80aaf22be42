import { requireViewer, type MaybeViewer, type Role, type Viewer } from '@smss/auth';
import { badInput, forbidden } from '@smss/core';

/**
 * Organisations of correspondence: OBEC, an area office (4-digit code) or a school (10-digit OBEC code),
 * and who acts for one. Pure rules; where a school sits comes from the directory replica.
 */
export type OrgLevel = 'OBEC' | 'AREA' | 'SCHOOL';

export const OBEC = 'OBEC';

export function orgLevelOf(orgCode: string): OrgLevel | null {
  if (orgCode === OBEC) return 'OBEC';
  if (/^\d{4}$/.test(orgCode)) return 'AREA';
  if (/^\d{10}$/.test(orgCode)) return 'SCHOOL';
  return null;
}

export function assertOrgCode(orgCode: string, field = 'orgCode'): OrgLevel {
  const level = orgLevelOf(orgCode);
  if (!level)
    throw badInput(
      `${field} must be OBEC, a 4-digit area office code or a 10-digit school code`,
      `${field} ต้องเป็น OBEC รหัสเขตพื้นที่ 4 หลัก หรือรหัสโรงเรียน 10 หลัก`,
      [{ field, messageEn: 'not an organisation code', messageTh: 'รหัสหน่วยงานไม่ถูกต้อง' }],
    );
  return level;
}

/** Who keeps an organisation's registers (งานสารบรรณ): its staff and head. Analysts and partners only read. */
const CLERKS: Record<OrgLevel, readonly Role[]> = {
  OBEC: ['obec-admin'],
  AREA: ['area-officer', 'area-director'],
  SCHOOL: ['school-staff', 'school-director'],
};
/** The head of an organisation: approves destruction lists, designates secret-document registrars. */
const HEADS: Record<OrgLevel, readonly Role[]> = {
  OBEC: ['obec-admin'],
  AREA: ['area-director'],
  SCHOOL: ['school-director'],
};

/** The organisation a viewer acts for (its own), or null for roles that keep no registers. */
export function actingOrg(viewer: Viewer): string | null {
  if (viewer.level === 'OBEC') return viewer.role === 'obec-admin' ? OBEC : null;
  if (viewer.level === 'AREA' || viewer.level === 'SCHOOL') return viewer.orgCode;
  return null;
}

export const isClerkOf = (viewer: Viewer, orgCode: string): boolean =>
  actingOrg(viewer) === orgCode && CLERKS[orgLevelOf(orgCode) ?? 'OBEC'].includes(viewer.role);

export const isHeadOf = (viewer: Viewer, orgCode: string): boolean =>
  actingOrg(viewer) === orgCode && HEADS[orgLevelOf(orgCode) ?? 'OBEC'].includes(viewer.role);

/** The viewer must keep the registers of `orgCode` (its own organisation). */
export function assertClerkOf(viewerOrAnon: MaybeViewer, orgCode: string): Viewer {
  const viewer = requireViewer(viewerOrAnon);
  if (!isClerkOf(viewer, orgCode))
    throw forbidden(
      'Only the staff of the organisation keep its correspondence',
      'เฉพาะเจ้าหน้าที่ของหน่วยงานเท่านั้นที่ดำเนินงานสารบรรณของหน่วยงานได้',
    );
  return viewer;
}

export function assertHeadOf(viewerOrAnon: MaybeViewer, orgCode: string): Viewer {
  const viewer = requireViewer(viewerOrAnon);
  if (!isHeadOf(viewer, orgCode))
    throw forbidden('Only the head of the organisation may do this', 'เฉพาะหัวหน้าหน่วยงานเท่านั้นที่ดำเนินการนี้ได้');
  return viewer;
}

/** The organisation of the viewer, for reads and writes that default to it. */
export function ownOrg(viewerOrAnon: MaybeViewer): string {
  const viewer = requireViewer(viewerOrAnon);
  const org = actingOrg(viewer) ?? (viewer.level === 'OBEC' ? OBEC : null);
  if (!org) throw forbidden('Partners keep no correspondence', 'หน่วยงานภาคีไม่มีงานสารบรรณในระบบนี้');
  return org;
}
