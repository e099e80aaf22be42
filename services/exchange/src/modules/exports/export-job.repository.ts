import type { OrgLevel, Role } from '@smss/auth';
import { onlyUuids, returnedRows } from '@smss/db';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  ExportFileOut,
  ExportFormat,
  ExportJob,
  ExportJobError,
  ExportProfileName,
  ExportStatus,
  NewExportJob,
} from './export-job.types';

interface ExportJobRow {
  id: string;
  profile: ExportProfileName;
  format: ExportFormat;
  scopeAreaOfficeCode: string | null;
  scopeSchoolCode: string | null;
  status: ExportStatus;
  rowsDone: number;
  rowsTotal: number | null;
  requesterSubject: string;
  requesterRole: Role;
  requesterLevel: OrgLevel;
  requesterOrg: string;
  changeCursor: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorMessageTh: string | null;
  fileName: string | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
}

/** The one mapper: which columns leave the repository, and in what shape. */
const toExportJob = (r: ExportJobRow): ExportJob => ({
  id: r.id,
  profile: r.profile,
  format: r.format,
  scope: { areaOfficeCode: r.scopeAreaOfficeCode, schoolCode: r.scopeSchoolCode },
  status: r.status,
  rowsDone: r.rowsDone,
  rowsTotal: r.rowsTotal,
  requester: {
    subject: r.requesterSubject,
    role: r.requesterRole,
    level: r.requesterLevel,
    orgCode: r.requesterOrg,
  },
  changeCursor: r.changeCursor,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
  error:
    r.errorCode == null
      ? null
      : { code: r.errorCode, message: r.errorMessage ?? '', messageTh: r.errorMessageTh ?? '' },
  fileName: r.fileName,
  contentType: r.contentType,
  byteSize: r.byteSize,
  sha256: r.sha256,
});

const COLUMNS = `
  j.id, j.profile, j.format, j.scope_area_office_code AS "scopeAreaOfficeCode",
  j.scope_school_code AS "scopeSchoolCode", j.status, j.rows_done AS "rowsDone", j.rows_total AS "rowsTotal",
  j.requester_subject AS "requesterSubject", j.requester_role AS "requesterRole",
  j.requester_level AS "requesterLevel", j.requester_org AS "requesterOrg", j.change_cursor AS "changeCursor",
  j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt",
  j.error_code AS "errorCode", j.error_message AS "errorMessage", j.error_message_th AS "errorMessageTh",
  j.file_name AS "fileName", j.content_type AS "contentType", j.byte_size AS "byteSize", j.sha256`;

/** Which jobs a list shows: every job (OBEC), or those of one organisation. */
export type ExportJobFilter = { kind: 'ALL' } | { kind: 'ORG'; level: OrgLevel; orgCode: string };

export interface DownloadAudit {
  jobId: string | null;
  subject: string | null;
  role: string | null;
  orgCode: string | null;
  requestId: string | null;
  outcome: string;
}

/** SQL for export_job, export_file and export_download. */
export class ExportJobRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * A new QUEUED job. The change feed's position is read in the same statement, so the partner follows
   * the feed from exactly where the export began.
   */
  async insert(job: NewExportJob): Promise<ExportJob> {
    const [row]: ExportJobRow[] = await this.db.query(
      `WITH j AS (
         INSERT INTO export_job (profile, format, scope_area_office_code, scope_school_code, requester_subject,
                                 requester_role, requester_level, requester_org, change_cursor, worker_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(position), 0)::text FROM change_log), $9
         RETURNING *)
       SELECT ${COLUMNS} FROM j`,
      [
        job.profile,
        job.format,
        job.scope.schoolCode ? null : job.scope.areaOfficeCode,
        job.scope.schoolCode,
        job.requester.subject,
        job.requester.role,
        job.requester.level,
        job.requester.orgCode,
        job.workerId,
      ],
    );
    return toExportJob(row!);
  }

  async byIds(ids: readonly string[]): Promise<ExportJob[]> {
    const valid = onlyUuids(ids);
    if (!valid.length) return [];
    const rows: ExportJobRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM export_job j WHERE j.id = ANY($1::uuid[])`,
      [valid],
    );
    return rows.map(toExportJob);
  }

  /** The newest jobs the filter lets through. */
  async list(filter: ExportJobFilter, limit: number): Promise<ExportJob[]> {
    const rows: ExportJobRow[] =
      filter.kind === 'ALL'
        ? await this.db.query(
            `SELECT ${COLUMNS} FROM export_job j ORDER BY j.created_at DESC, j.id LIMIT $1`,
            [limit],
          )
        : await this.db.query(
            `SELECT ${COLUMNS} FROM export_job j WHERE j.requester_level = $1 AND j.requester_org = $2
              ORDER BY j.created_at DESC, j.id LIMIT $3`,
            [filter.level, filter.orgCode, limit],
          );
    return rows.map(toExportJob);
  }

  /** QUEUED → RUNNING for this worker; false when the job is no longer queued (or not this worker's). */
  async markRunning(id: string, workerId: string): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.db.query(
        `UPDATE export_job SET status = 'RUNNING', started_at = now(), heartbeat_at = now()
        WHERE id = $1 AND status = 'QUEUED' AND worker_id = $2 RETURNING id`,
        [id, workerId],
      ),
    );
    return rows.length === 1;
  }

  async progress(id: string, rowsDone: number, rowsTotal: number | null): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET rows_done = GREATEST(rows_done, $2), rows_total = $3, heartbeat_at = now()
        WHERE id = $1 AND status = 'RUNNING'`,
      [id, rowsDone, rowsTotal],
    );
  }

  /** This worker is alive: its open jobs are not stale. */
  async heartbeat(workerId: string): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET heartbeat_at = now() WHERE worker_id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [workerId],
    );
  }

  /** The file and SUCCEEDED in one transaction: a job is offered for download only when whole. */
  async succeed(id: string, rowsDone: number, file: ExportFileOut): Promise<boolean> {
    return this.db.transaction(async (m: EntityManager) => {
      const rows = returnedRows<{ id: string }>(
        await m.query(
          `UPDATE export_job SET status = 'SUCCEEDED', finished_at = now(), heartbeat_at = now(), rows_done = $2,
                rows_total = $2, file_name = $3, content_type = $4, byte_size = $5, sha256 = $6
          WHERE id = $1 AND status = 'RUNNING' RETURNING id`,
          [id, rowsDone, file.fileName, file.contentType, file.content.length, file.sha256],
        ),
      );
      if (rows.length !== 1) return false;
      await m.query(`INSERT INTO export_file (job_id, content) VALUES ($1, $2)`, [id, file.content]);
      return true;
    });
  }

  async fail(id: string, error: ExportJobError): Promise<void> {
    await this.db.query(
      `UPDATE export_job SET status = 'FAILED', finished_at = now(), error_code = $2, error_message = $3,
              error_message_th = $4
        WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
      [id, error.code, error.message, error.messageTh],
    );
  }

  /** Jobs whose process stopped (no heartbeat for `staleSeconds`) become FAILED; returns their ids. */
  async failStale(staleSeconds: number, error: ExportJobError): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await this.db.query(
        `UPDATE export_job SET status = 'FAILED', finished_at = now(), error_code = $2, error_message = $3,
                error_message_th = $4
          WHERE status IN ('QUEUED', 'RUNNING') AND heartbeat_at < now() - make_interval(secs => $1)
          RETURNING id`,
        [staleSeconds, error.code, error.message, error.messageTh],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** Open jobs of this worker, oldest first. */
  async queuedOf(workerId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM export_job WHERE worker_id = $1 AND status = 'QUEUED' ORDER BY created_at, id`,
      [workerId],
    );
    return rows.map((r) => r.id);
  }

  async fileOf(jobId: string): Promise<Buffer | null> {
    if (!onlyUuids([jobId]).length) return null;
    const [row]: Array<{ content: Buffer }> = await this.db.query(
      `SELECT content FROM export_file WHERE job_id = $1`,
      [jobId],
    );
    return row?.content ?? null;
  }

  async recordDownload(a: DownloadAudit): Promise<void> {
    await this.db.query(
      `INSERT INTO export_download (job_id, subject, role, org_code, request_id, outcome)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        a.jobId && onlyUuids([a.jobId]).length ? a.jobId : null,
        a.subject,
        a.role,
        a.orgCode,
        a.requestId,
        a.outcome,
      ],
    );
  }

  /** Where a school sits (directory replica), or null when unknown. */
  async schoolPlacement(schoolCode: string): Promise<{ schoolCode: string; areaOfficeCode: string } | null> {
    const [row]: Array<{ schoolCode: string; areaOfficeCode: string }> = await this.db.query(
      `SELECT obec_code AS "schoolCode", area_office_code AS "areaOfficeCode"
         FROM directory_school_replica WHERE obec_code = $1`,
      [schoolCode],
    );
    return row ?? null;
  }

  /** Does the directory replica know any school of this area office? */
  async areaKnown(areaOfficeCode: string): Promise<boolean> {
    const [row]: Array<{ known: boolean }> = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM directory_school_replica WHERE area_office_code = $1) AS known`,
      [areaOfficeCode],
    );
    return !!row?.known;
  }
}
