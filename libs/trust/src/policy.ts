import { canReadPii, type MaybeViewer, type Viewer } from '@smss/auth';

/** Where a record belongs. A rule may return several (a transfer belongs to both schools). */
export interface OwnerRef {
  schoolCode?: string | null;
  areaOfficeCode?: string | null;
  /** A partner agreement's own records (e.g. its export jobs). */
  partnerCode?: string | null;
  /**
   * Need to know: when any ref of a record carries `subjects`, ONLY those subjects see the record,
   * whatever their level (OBEC included) — a secret letter is visible to its named recipients and
   * registrars, not to everyone above them. The type must be listed in `TrustRules.needToKnow`.
   */
  subjects?: readonly string[] | null;
}

/**
 * What a partner agreement lets its partner see at record level: the area offices it covers and, per
 * type, the fields it includes (include-only; `Student: ['id', 'gender']`). A partner with no profile,
 * or outside its areas, sees no record at all — only aggregates.
 */
export interface PartnerProfile {
  partnerCode: string;
  areaOfficeCodes: readonly string[];
  /** Single schools the agreement covers besides whole area offices. */
  schoolCodes?: readonly string[];
  include: Readonly<Record<string, readonly string[]>>;
}

export type PartnerProfiles = ReadonlyMap<string, PartnerProfile>;

/**
 * The profile a partner viewer reads under: the agreement in force that the gateway asserted
 * (`viewer.agreement`, managed as data in the exchange subgraph), else a service's static profile
 * (tests), else none — aggregates only.
 */
export function partnerProfileOf(viewer: MaybeViewer, partners: PartnerProfiles): PartnerProfile | undefined {
  if (!viewer.authenticated || viewer.level !== 'PARTNER') return undefined;
  const a = viewer.agreement;
  if (a)
    return {
      partnerCode: a.partnerCode,
      areaOfficeCodes: a.areaOfficeCodes,
      schoolCodes: a.schoolCodes,
      include: a.include,
    };
  return partners.get(viewer.orgCode);
}

/** Does a partner profile cover a record at this place (a whole area office, or a single school)? */
export const profileCovers = (profile: PartnerProfile, r: OwnerRef): boolean =>
  (!!r.areaOfficeCode && profile.areaOfficeCodes.includes(r.areaOfficeCode)) ||
  (!!r.schoolCode && !!profile.schoolCodes?.includes(r.schoolCode));

const toList = (ref: OwnerRef | readonly OwnerRef[] | null | undefined): readonly OwnerRef[] =>
  ref == null ? [] : Array.isArray(ref) ? ref : [ref as OwnerRef];

/**
 * May this viewer see a record owned by `ref`? OBEC sees every record; an area-office user the records of
 * its area; a school user its school's; a partner its own records, and records in its agreement's areas
 * of the types its profile includes. An unknown owner (null) is visible to OBEC only. A record whose
 * refs name `subjects` (need to know) is visible to those subjects only.
 */
export function canSeeOwned(
  viewer: MaybeViewer,
  typeName: string,
  ref: OwnerRef | readonly OwnerRef[] | null | undefined,
  partners: PartnerProfiles,
): boolean {
  if (!viewer.authenticated) return false;
  const refs = toList(ref);
  const named = refs.filter((r) => r.subjects);
  if (named.length) return named.some((r) => r.subjects!.includes(viewer.subject));
  if (viewer.level === 'OBEC') return true;
  return refs.some((r) => ownedBy(viewer, typeName, r, partners));
}

function ownedBy(viewer: Viewer, typeName: string, r: OwnerRef, partners: PartnerProfiles): boolean {
  switch (viewer.level) {
    case 'AREA':
      return !!r.areaOfficeCode && r.areaOfficeCode === viewer.orgCode;
    case 'SCHOOL':
      return !!r.schoolCode && r.schoolCode === viewer.orgCode;
    case 'PARTNER': {
      if (r.partnerCode && r.partnerCode === viewer.orgCode) return true;
      const profile = partnerProfileOf(viewer, partners);
      return !!profile && !!profile.include[typeName] && profileCovers(profile, r);
    }
    default:
      return false;
  }
}

/**
 * May the viewer read this personal or sensitive field unmasked? Needs `pii:read`; a partner only the
 * fields its profile includes — an agreement in force is the partner's basis for them (the read is
 * audited like any other), a static profile needs `pii:read` as well.
 */
export function mayUnmask(
  viewer: MaybeViewer,
  typeName: string,
  fieldPath: string,
  partners: PartnerProfiles,
): boolean {
  if (!viewer.authenticated) return false;
  if (viewer.level !== 'PARTNER') return canReadPii(viewer);
  if (!viewer.agreement && !canReadPii(viewer)) return false;
  return partnerIncludes(viewer, typeName, fieldPath, partners);
}

/** Is this field in the partner's include-only profile? */
export function partnerIncludes(
  viewer: MaybeViewer,
  typeName: string,
  fieldName: string,
  partners: PartnerProfiles,
): boolean {
  const included = partnerProfileOf(viewer, partners)?.include[typeName];
  return !!included && included.includes(fieldName);
}

/**
 * Does the include-only profile restrict this type's fields for this viewer? For a partner whose profile
 * names the type: every field not listed is withheld. A type the profile does not name is reached by a
 * partner only as its own record (owner PARTNER) and is not restricted.
 */
export function profileRestricts(viewer: MaybeViewer, typeName: string, partners: PartnerProfiles): boolean {
  return !!partnerProfileOf(viewer, partners)?.include[typeName];
}

/** Partners see small counts suppressed. */
export const suppressesSmallCells = (viewer: MaybeViewer): boolean =>
  viewer.authenticated && viewer.level === 'PARTNER';
