import type { MaybeViewer } from '@smss/auth';
import type { OwnerRef } from '@smss/trust';

export type OrgLevel = 'OBEC' | 'AREA_OFFICE' | 'SCHOOL';

/** A reporting organisation and where it sits: OBEC, an area office, or a school in its area office. */
export interface Organisation {
  level: OrgLevel;
  code: string;
  /** The area office itself, or the school's; null for OBEC. */
  areaOfficeCode: string | null;
  schoolCode: string | null;
  /** The school's directory id (schools only). */
  schoolId: string | null;
}

export const ORG_CODE = /^(OBEC|\d{4}|\d{10})$/;

/** The level an organisation code names, from its shape: OBEC, 4 digits (area office), 10 digits (school). */
export function levelOfOrgCode(code: string): OrgLevel | null {
  if (code === 'OBEC') return 'OBEC';
  if (/^\d{4}$/.test(code)) return 'AREA_OFFICE';
  if (/^\d{10}$/.test(code)) return 'SCHOOL';
  return null;
}

/**
 * Where an organisation's records belong, for the trust layer: OBEC's own records have no area or
 * school (so only OBEC viewers see them); an area office's belong to the area; a school's to the school
 * and its area office.
 */
export function ownerOf(org: { level: OrgLevel; areaOfficeCode: string | null; schoolCode: string | null }): OwnerRef {
  if (org.level === 'OBEC') return {};
  if (org.level === 'AREA_OFFICE') return { areaOfficeCode: org.areaOfficeCode };
  return { schoolCode: org.schoolCode, areaOfficeCode: org.areaOfficeCode };
}

/**
 * Which organisations a viewer reports for: OBEC viewers for OBEC, area-office users for their area
 * office, school users for their school; partners for none.
 */
export function isOwnOrganisation(viewer: MaybeViewer, org: Organisation): boolean {
  if (!viewer.authenticated) return false;
  switch (viewer.level) {
    case 'OBEC':
      return org.level === 'OBEC';
    case 'AREA':
      return org.level === 'AREA_OFFICE' && org.code === viewer.orgCode;
    case 'SCHOOL':
      return org.level === 'SCHOOL' && org.code === viewer.orgCode;
    default:
      return false;
  }
}
