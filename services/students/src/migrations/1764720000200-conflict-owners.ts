import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trust layer (issue 8):
 * - an enrolment conflict belongs to the importing school too (it lists its own rows), so it keeps that
 *   school's code, filled from the directory replica for rows already there;
 * - the registry's own audit table `pii_access_log` is superseded by the shared `personal_data_access`
 *   (written by @smss/trust). It stays in place, read-only, for the history it holds; nothing writes it.
 */
export class ConflictOwners1764720000200 implements MigrationInterface {
  name = 'ConflictOwners1764720000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enrollment_conflict ADD COLUMN importing_school_code text`);
    await q.query(
      `UPDATE enrollment_conflict c SET importing_school_code = r.obec_code
         FROM directory_school_replica r WHERE r.school_id = c.importing_school_id`,
    );
    await q.query(
      `CREATE INDEX enrollment_conflict_importing_school ON enrollment_conflict (importing_school_code, found_at DESC)`,
    );
    await q.query(
      `CREATE INDEX enrollment_conflict_areas ON enrollment_conflict (importing_area_office_code, enrolled_area_office_code)`,
    );
    await q.query(
      `COMMENT ON TABLE pii_access_log IS 'Superseded by personal_data_access (the trust layer audit): kept read-only for its history, no longer written.'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`COMMENT ON TABLE pii_access_log IS NULL`);
    await q.query(`DROP INDEX enrollment_conflict_areas`);
    await q.query(`DROP INDEX enrollment_conflict_importing_school`);
    await q.query(`ALTER TABLE enrollment_conflict DROP COLUMN importing_school_code`);
  }
}
