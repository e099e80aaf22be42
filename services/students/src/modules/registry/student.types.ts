import type { GradeLevel } from '@smss/events';

export type Gender = 'MALE' | 'FEMALE';
export type Poverty = 'NONE' | 'POOR' | 'EXTREMELY_POOR';
export type EnrollmentStatus =
  'ACTIVE' | 'TRANSFERRED_OUT' | 'PROMOTED' | 'GRADUATED' | 'DROPPED_OUT' | 'DECEASED' | 'MOVED_ABROAD';

export interface StudentRow {
  id: string;
  nationalId: string | null;
  gCode: string | null;
  prefix: string;
  firstNameTh: string;
  lastNameTh: string;
  birthDate: string;
  gender: Gender;
  poverty: Poverty;
  disabilityType: string | null;
  orphan: boolean;
  stateless: boolean;
  ethnicMinority: boolean;
  version: number;
}

export interface EnrollmentRow {
  id: string;
  studentId: string;
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  academicYear: number;
  gradeLevel: GradeLevel;
  classroom: string;
  status: EnrollmentStatus;
  startedOn: string;
  endedOn: string | null;
}

export interface TransferRow {
  id: string;
  studentId: string;
  fromSchoolId: string;
  toSchoolId: string | null;
  status: 'RELEASED' | 'ACCEPTED';
  releasedOn: string;
  acceptedOn: string | null;
}

/** A transfer released towards a named school, not yet accepted (that school co-owns the student). */
export interface PendingTransferRow {
  studentId: string;
  toSchoolId: string;
  toSchoolCode: string;
  toAreaOfficeCode: string;
}

export interface ConflictRow {
  id: string;
  studentId: string;
  /** The child's national ID, or G-code. */
  nationalId: string;
  importingSchoolId: string;
  importingSchoolCode: string | null;
  importingAreaOfficeCode: string;
  enrolledSchoolId: string;
  enrolledAreaOfficeCode: string;
  foundAt: Date;
}

/** Where a school sits, from the local directory replica. */
export interface SchoolPlacement {
  schoolId: string;
  schoolCode: string;
  areaOfficeCode: string;
  provinceCode: string;
  status: string;
}

export const NEXT_GRADE: Record<GradeLevel, GradeLevel | null> = {
  K1: 'K2',
  K2: 'K3',
  K3: 'P1',
  P1: 'P2',
  P2: 'P3',
  P3: 'P4',
  P4: 'P5',
  P5: 'P6',
  P6: 'M1',
  M1: 'M2',
  M2: 'M3',
  M3: 'M4',
  M4: 'M5',
  M5: 'M6',
  M6: null,
};
