import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finance's own audit of payee reads (`pii_access_log`, written by the resolvers until the trust layer)
 * becomes part of the one personal-data audit: every row is copied into `personal_data_access` (the
 * trust layer's table, created by its migration, which runs first by timestamp) with the field named
 * as the layer names it (`payee.name` → `Payee.name`), then the old table is dropped — in one
 * transaction, so no audit row can be lost half-way.
 */
export class MovePiiAccessLogToPersonalDataAccess1764547200400 implements MigrationInterface {
  name = 'MovePiiAccessLogToPersonalDataAccess1764547200400';

  async up(q: QueryRunner): Promise<void> {
    const [{ exists }] = await q.query(`SELECT to_regclass('pii_access_log') IS NOT NULL AS exists`);
    if (!exists) return;
    await q.query(`
      INSERT INTO personal_data_access (at, request_id, subject, role, org_code, record_type, record_id, fields)
      SELECT l.accessed_at, l.request_id, l.viewer_subject, l.viewer_role, l.viewer_org, l.record_type, l.record_id,
             ARRAY(SELECT regexp_replace(f, '^payee\\.', 'Payee.') FROM unnest(l.fields) AS f ORDER BY f)
        FROM pii_access_log l
       ORDER BY l.id`);
    await q.query(`DROP TABLE pii_access_log`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pii_access_log (
        id bigserial PRIMARY KEY,
        viewer_subject text NOT NULL,
        viewer_role text NOT NULL,
        viewer_org text NOT NULL,
        record_type text NOT NULL,
        record_id text NOT NULL,
        fields text[] NOT NULL,
        request_id text,
        accessed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pii_access_log_record ON pii_access_log (record_type, record_id)`);
  }
}
