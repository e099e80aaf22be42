import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk export jobs (issue 17): the job with its requester (whose organisation owns it), progress and
 * outcome; the finished file (`export_file`, written in the same transaction that marks the job
 * SUCCEEDED, so nothing half-written is ever offered); and every download attempt, allowed or refused
 * (`export_download`). The requester's bearer token is never stored: the worker keeps it in memory.
 * `worker_id` + `heartbeat_at` tell a job whose process stopped (stale heartbeat) from a live one.
 */
export class CreateExportJobs1796200000300 implements MigrationInterface {
  name = 'CreateExportJobs1796200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE export_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        profile text NOT NULL CHECK (profile IN ('EEF_STUDENTS', 'DMC_STUDENTS', 'BOBEC_SCHOOLS')),
        format text NOT NULL CHECK (format IN ('CSV', 'XLSX', 'JSON')),
        scope_area_office_code text CHECK (scope_area_office_code ~ '^\\d{4}$'),
        scope_school_code text CHECK (scope_school_code ~ '^\\d{10}$'),
        status text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
        rows_done int NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
        rows_total int CHECK (rows_total >= 0),
        requester_subject text NOT NULL,
        requester_role text NOT NULL,
        requester_level text NOT NULL CHECK (requester_level IN ('OBEC', 'AREA', 'SCHOOL', 'PARTNER')),
        requester_org text NOT NULL,
        change_cursor text NOT NULL,
        worker_id text NOT NULL,
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        error_code text,
        error_message text,
        error_message_th text,
        file_name text,
        content_type text,
        byte_size int,
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        CHECK ((scope_area_office_code IS NULL) <> (scope_school_code IS NULL))
      )`);
    await q.query(
      `CREATE INDEX export_job_org ON export_job (requester_level, requester_org, created_at DESC, id)`,
    );
    await q.query(`CREATE INDEX export_job_created ON export_job (created_at DESC, id)`);
    await q.query(
      `CREATE INDEX export_job_open ON export_job (heartbeat_at) WHERE status IN ('QUEUED', 'RUNNING')`,
    );
    await q.query(`
      CREATE TABLE export_file (
        job_id uuid PRIMARY KEY REFERENCES export_job (id) ON DELETE CASCADE,
        content bytea NOT NULL
      )`);
    await q.query(`
      CREATE TABLE export_download (
        id bigserial PRIMARY KEY,
        job_id uuid,
        subject text,
        role text,
        org_code text,
        request_id text,
        outcome text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX export_download_job ON export_download (job_id, id)`);
    await q.query(
      `COMMENT ON COLUMN export_job.requester_subject IS 'Personal data (a user''s subject). ข้อมูลส่วนบุคคล'`,
    );
    await q.query(
      `COMMENT ON COLUMN export_download.subject IS 'Personal data (a user''s subject). ข้อมูลส่วนบุคคล'`,
    );
    await q.query(
      `COMMENT ON TABLE export_file IS 'Exported files: may hold personal data of students. ไฟล์ส่งออก อาจมีข้อมูลส่วนบุคคล'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE export_download`);
    await q.query(`DROP TABLE export_file`);
    await q.query(`DROP TABLE export_job`);
  }
}
