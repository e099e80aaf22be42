import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trust layer keeps the one personal-data audit (`personal_data_access`, created by the layer's own
 * migration, which runs first). Personnel's earlier audit table `personal_data_read` is copied into it
 * (who, role, organisation, request id, record, fields, when) and dropped, so one table answers "who
 * read this person's data". The data subject is not a column of the shared audit: it is the record
 * (`StaffMember`), or the record's `staff_id` (`LeaveRequest`, `TeachingLicence`).
 */
export class MovePersonalDataReadToSharedAudit1764547200300 implements MigrationInterface {
  name = 'MovePersonalDataReadToSharedAudit1764547200300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO personal_data_access (at, request_id, subject, role, org_code, record_type, record_id, fields)
      SELECT read_at, request_id, viewer_subject, viewer_role, viewer_org, record_type, record_id::text, fields
        FROM personal_data_read ORDER BY id`);
    await q.query(`DROP TABLE personal_data_read`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE personal_data_read (
        id bigserial PRIMARY KEY,
        viewer_subject text NOT NULL,
        viewer_role text NOT NULL,
        viewer_org text NOT NULL,
        record_type text NOT NULL,
        record_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        fields text[] NOT NULL,
        request_id text,
        read_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX personal_data_read_staff ON personal_data_read (staff_id, read_at)`);
    await q.query(`CREATE INDEX personal_data_read_viewer ON personal_data_read (viewer_subject, read_at)`);
  }
}
