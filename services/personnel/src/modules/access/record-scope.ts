import { recordVisibility, type MaybeViewer } from '@smss/auth';
import { canSeeOwned, type OwnerRef } from '@smss/trust';

/**
 * Who sees which personnel records — said once, here. The trust layer's owner rules
 * (`trust-rules.ts`) and the SQL row filters of every list (`scopeSql`, used by the repositories) are
 * both derived from it, so a list never returns a row the layer would drop and never misses one it
 * would show.
 *
 * Where a record belongs:
 * - a staff member, their teaching licences and leave balance: the school (or area office) of the
 *   appointment in force today, else of their latest one;
 * - a leave request: the school / area office where it was filed (after a transfer the old side keeps
 *   its history, the new side does not see it);
 * - an appointment: its own school / area office (the old side keeps the closed one, the new side
 *   sees the new one).
 *
 * Who reaches it: OBEC every record; an area-office user the records of its area; a school director
 * the records of the school; a school staff member only their own records (wherever they were filed);
 * partners none (personnel aggregates only: `staffCount`, `staffing`).
 */
export type RecordScope =
  | { kind: 'ALL' }
  | { kind: 'AREA'; areaOfficeCode: string }
  | { kind: 'SCHOOL'; schoolCode: string }
  | { kind: 'SELF'; subject: string }
  | { kind: 'NONE' };

/** `recordVisibility` (@smss/auth), narrowed to the viewer's own records for school staff other than the director. */
export function recordScopeOf(viewer: MaybeViewer): RecordScope {
  const visibility = recordVisibility(viewer);
  if (visibility.kind === 'SCHOOL' && viewer.authenticated && viewer.role !== 'school-director')
    return { kind: 'SELF', subject: viewer.subject };
  return visibility;
}

/** A personnel record as the rules see it: where it belongs, and whose it is (token subjects). */
export interface PersonnelRecord {
  schoolCode: string | null;
  areaOfficeCode: string | null;
  /** The person's login (and, for leave, who filed it): a school staff member reaches these records. */
  people: ReadonlyArray<string | null>;
}

/**
 * The owner the trust layer checks the viewer against. For everyone but a school staff member it is
 * where the record belongs. A school staff member reaches only their own records: those are placed in
 * the viewer's own school (wherever they were filed), every other record in none.
 */
export function ownerFor(viewer: MaybeViewer, record: PersonnelRecord): OwnerRef | null {
  const scope = recordScopeOf(viewer);
  if (scope.kind === 'SELF' && viewer.authenticated)
    return record.people.includes(scope.subject)
      ? { schoolCode: viewer.orgCode, areaOfficeCode: null }
      : null;
  return { schoolCode: record.schoolCode, areaOfficeCode: record.areaOfficeCode };
}

const NO_PARTNER_PROFILES = new Map();

/**
 * The trust layer's decision for one record, for the write paths that must answer a record the viewer
 * may not see exactly like an unknown one (personnel grants partners no record-level profile).
 */
export const canSeeRecord = (viewer: MaybeViewer, typeName: string, record: PersonnelRecord): boolean =>
  canSeeOwned(viewer, typeName, ownerFor(viewer, record), NO_PARTNER_PROFILES);

/** The columns a scope is checked against in one SQL statement. */
export interface ScopeColumns {
  schoolCode: string;
  areaOfficeCode: string;
  /** Columns holding the login of the record's person (a school staff member's own records). */
  people: readonly string[];
}

/**
 * The scope as a SQL predicate on `columns`, its values appended to `params` (placeholders `$n`).
 * The same rule as `ownerFor`, so the lists agree with the layer.
 */
export function scopeSql(scope: RecordScope, columns: ScopeColumns, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  switch (scope.kind) {
    case 'ALL':
      return 'true';
    case 'NONE':
      return 'false';
    case 'AREA':
      return `${columns.areaOfficeCode} = ${param(scope.areaOfficeCode)}`;
    case 'SCHOOL':
      return `${columns.schoolCode} = ${param(scope.schoolCode)}`;
    case 'SELF': {
      const p = param(scope.subject);
      return `(${columns.people.map((c) => `${c} = ${p}`).join(' OR ')})`;
    }
  }
}
