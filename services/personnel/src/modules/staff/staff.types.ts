import type { LeaveType, PositionType } from '@smss/events';

export type AcademicStanding = 'NONE' | 'PROFESSIONAL' | 'SENIOR_PROFESSIONAL' | 'EXPERT' | 'SENIOR_EXPERT';
export type PostingKind = 'SCHOOL' | 'AREA_OFFICE';

export interface Qualification {
  degree: string;
  major?: string | null;
  institution?: string | null;
  year?: number | null;
}

/** Where a staff member (or a leave request) sits: the school (if any) and the area office. */
export interface Placement {
  schoolCode: string | null;
  areaOfficeCode: string | null;
}

/** The appointment that places a staff member: the one in force today, else the latest one. */
export interface PostingRow extends Placement {
  appointmentId: string;
  postingKind: PostingKind;
  schoolId: string | null;
  schoolCode: string | null;
  areaOfficeCode: string;
  positionType: PositionType;
  positionNumber: string | null;
  /** In force today. */
  current: boolean;
}

/** A staff row as the repository returns it (camelCase) and resolvers receive it. */
export interface StaffRow {
  id: string;
  nationalId: string;
  title: string | null;
  firstNameTh: string;
  lastNameTh: string;
  firstNameEn: string | null;
  lastNameEn: string | null;
  birthDate: string | null;
  phone: string | null;
  email: string | null;
  /** NUMERIC(14,2) as a string. */
  salary: string | null;
  academicStanding: AcademicStanding;
  mainSubject: string | null;
  qualifications: Qualification[];
  serviceStartDate: string;
  accountSubject: string | null;
  vacationOpeningFiscalYear: number;
  vacationOpeningDays: number;
  version: number;
  updatedAt: Date;
  placement: PostingRow | null;
}

export interface AppointmentRow {
  id: string;
  staffId: string;
  /** The person's login: a school staff member sees their own appointments. */
  staffAccountSubject: string | null;
  kind: 'INITIAL' | 'TRANSFER';
  postingKind: PostingKind;
  schoolId: string | null;
  schoolCode: string | null;
  schoolNameTh: string | null;
  areaOfficeCode: string;
  positionType: PositionType;
  positionNumber: string | null;
  startDate: string;
  endDate: string | null;
  orderReference: string | null;
}

export interface TeachingLicenceRow {
  id: string;
  staffId: string;
  licenceNumber: string;
  issueDate: string;
  expiryDate: string;
}

export type LeaveStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';
export type ApproverLevel = 'SCHOOL_DIRECTOR' | 'AREA_OFFICE';

export interface LeaveRequestRow {
  id: string;
  staffId: string;
  staffAccountSubject: string | null;
  leaveType: LeaveType;
  startDate: string;
  endDate: string;
  halfDay: 'MORNING' | 'AFTERNOON' | null;
  days: number;
  countingRule: 'WORKING_DAYS' | 'CALENDAR_DAYS';
  fiscalYear: number;
  reason: string | null;
  contactDuringLeave: string | null;
  status: LeaveStatus;
  schoolId: string | null;
  schoolCode: string | null;
  areaOfficeCode: string;
  approverLevel: ApproverLevel;
  approverOrgCode: string;
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  cancelledBy: string | null;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

export interface StaffFilter {
  schoolId?: string | null;
  areaOfficeCode?: string | null;
  positionType?: PositionType | null;
  academicStanding?: AcademicStanding | null;
  search?: string | null;
}

export interface LeaveFilter {
  staffId?: string | null;
  schoolId?: string | null;
  areaOfficeCode?: string | null;
  status?: LeaveStatus | null;
  leaveType?: LeaveType | null;
  fiscalYear?: number | null;
}

/** A school as the directory replica knows it. */
export interface ReplicaSchool {
  schoolId: string;
  obecCode: string;
  nameTh: string;
  areaOfficeCode: string;
  provinceCode: string;
  status: string;
}
