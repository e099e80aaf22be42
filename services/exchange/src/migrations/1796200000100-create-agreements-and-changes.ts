import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner agreements as data (one per partner code, with its registered operations and the full history
 * of changes) and the change feed (`change_log`, one row per source event, position = commit order: every
 * writer takes the same transaction lock before inserting, so a reader never skips a position that commits
 * later).
 */
export class CreateAgreementsAndChanges1796200000100 implements MigrationInterface {
  name = 'CreateAgreementsAndChanges1796200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partner_agreement (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partner_code text NOT NULL UNIQUE CHECK (partner_code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'),
        name_th text NOT NULL CHECK (length(btrim(name_th)) BETWEEN 1 AND 200),
        name_en text NOT NULL CHECK (length(btrim(name_en)) BETWEEN 1 AND 200),
        area_office_codes text[] NOT NULL,
        school_codes text[] NOT NULL DEFAULT '{}',
        include jsonb NOT NULL,
        purposes text[] NOT NULL,
        valid_from date NOT NULL,
        valid_to date NOT NULL CHECK (valid_to >= valid_from),
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
        revoked_reason text,
        key_version int NOT NULL DEFAULT 1 CHECK (key_version > 0),
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE partner_operation (
        agreement_id uuid NOT NULL REFERENCES partner_agreement (id) ON DELETE CASCADE,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        document text NOT NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (agreement_id, sha256)
      )`);
    await q.query(`
      CREATE TABLE partner_agreement_change (
        id bigserial PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES partner_agreement (id) ON DELETE CASCADE,
        action text NOT NULL,
        changed_by text NOT NULL,
        request_id text,
        after jsonb NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX partner_agreement_change_of ON partner_agreement_change (agreement_id, id)`);
    await q.query(
      `COMMENT ON COLUMN partner_agreement_change.changed_by IS 'Personal data (a user''s subject). ข้อมูลส่วนบุคคล'`,
    );
    await q.query(`
      CREATE TABLE change_log (
        position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        entity_type text NOT NULL CHECK (entity_type IN ('STUDENT', 'SCHOOL')),
        entity_id uuid NOT NULL,
        change text NOT NULL,
        school_code text CHECK (school_code ~ '^\\d{10}$'),
        area_office_code text CHECK (area_office_code ~ '^\\d{4}$'),
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX change_log_area ON change_log (area_office_code, position)`);
    await q.query(`CREATE INDEX change_log_school ON change_log (school_code, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE change_log`);
    await q.query(`DROP TABLE partner_agreement_change`);
    await q.query(`DROP TABLE partner_operation`);
    await q.query(`DROP TABLE partner_agreement`);
  }
}
