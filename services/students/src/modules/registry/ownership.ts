import type { EnrollmentRow } from './student.types';

/**
 * The enrolment that decides which school owns a student: the active one, else the last one (rows
 * oldest first, as the repository returns them). Undefined for a student with no enrolment.
 */
export const latestEnrollment = (rows: readonly EnrollmentRow[]): EnrollmentRow | undefined =>
  rows.find((e) => e.status === 'ACTIVE') ?? rows[rows.length - 1];

/** The audit key of a search by national ID or G-code (`lookup:nationalId:<identity>`): which identity was asked for. */
export const identityLookupKey = (identity: string): string => `nationalId:${identity}`;
