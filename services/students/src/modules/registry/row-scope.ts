import { agreementOf, recordVisibility, type MaybeViewer, type VisibilityFilter } from '@smss/auth';

/**
 * The row scope the lists of Student and Enrollment records filter by in SQL (the first wall; the trust
 * layer's owner rule for Student is the second): the viewer's place in the hierarchy and, for a partner
 * whose agreement in force includes `Student`, the area offices and schools the agreement covers. A
 * partner without an agreement, or whose agreement does not name Student, stays aggregates-only (NONE).
 */
export type StudentRowScope =
  VisibilityFilter | { kind: 'PARTNER'; areaOfficeCodes: readonly string[]; schoolCodes: readonly string[] };

export function studentRowScope(viewer: MaybeViewer): StudentRowScope {
  const agreement = agreementOf(viewer);
  if (agreement?.include.Student)
    return {
      kind: 'PARTNER',
      areaOfficeCodes: agreement.areaOfficeCodes,
      schoolCodes: agreement.schoolCodes,
    };
  return recordVisibility(viewer);
}
