import type { OrgLevel, Role } from '@smss/auth';

export const EXPORT_PROFILES = ['EEF_STUDENTS', 'DMC_STUDENTS', 'BOBEC_SCHOOLS'] as const;
export type ExportProfileName = (typeof EXPORT_PROFILES)[number];

export const EXPORT_FORMATS = ['CSV', 'XLSX', 'JSON'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** Exactly one of the two (validated). */
export interface ExportScope {
  areaOfficeCode: string | null;
  schoolCode: string | null;
}

export interface ExportJobError {
  code: string;
  message: string;
  messageTh: string;
}

/** Who started a job: their organisation owns it, only they get its download link. */
export interface ExportRequester {
  subject: string;
  role: Role;
  level: OrgLevel;
  orgCode: string;
}

/** A job as this service hands it on. */
export interface ExportJob {
  id: string;
  profile: ExportProfileName;
  format: ExportFormat;
  scope: ExportScope;
  status: ExportStatus;
  rowsDone: number;
  rowsTotal: number | null;
  requester: ExportRequester;
  changeCursor: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: ExportJobError | null;
  fileName: string | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
}

/** A validated request to start a job. */
export interface NewExportJob {
  profile: ExportProfileName;
  format: ExportFormat;
  scope: ExportScope;
  requester: ExportRequester;
  workerId: string;
}

/** The finished file of a job. */
export interface ExportFileOut {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}
