import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys for imports at national scale (issue 11):
 * - `uuid_v7()`: time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix milliseconds, then random bits)
 *   as the default key of the tables imports write, so new rows go to the right-hand end of the primary
 *   key index instead of a random page. PostgreSQL 15 has no built-in uuidv7(). The bulk paths give
 *   their rows keys themselves (`row-ids.ts`: same layout, the row number in the low bits).
 * - The unique constraints on `national_id` and `g_code` are dropped: `identity` (the one that is set;
 *   the two shapes cannot collide, 13 digits vs G + 12 digits) is unique already, and every lookup goes
 *   through it. Each import row paid for three unique indexes where one decides.
 * - Codes compare as bytes (`COLLATE "C"`): `identity` and the enrolment's school, area office and
 *   province codes are digits, never language text; C.UTF-8 comparisons go through strcoll, which made
 *   sorting them for an index build about 1.5–2× slower. Equality is the same.
 * - The shape checks of `national_id` and `g_code` say the same without a regular expression
 *   (`~ '^[0-9]{13}$'` cost ~0.7 µs a row in PostgreSQL's regex engine; a length and
 *   `ltrim(x, '0123456789') = ''` a fraction of that): 13 ASCII digits; G and 12 ASCII digits.
 */
export class ImportKeys1765000000400 implements MigrationInterface {
  name = 'ImportKeys1765000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                 PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                 FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    await q.query(
      `COMMENT ON FUNCTION uuid_v7() IS 'A time-ordered UUID (RFC 9562 version 7): Unix milliseconds, then random bits.'`,
    );
    for (const table of ['student', 'enrollment', 'enrollment_conflict']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT uuid_v7()`);
    }
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_national_id_key`);
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_g_code_key`);
    await q.query(`ALTER TABLE student ALTER COLUMN identity TYPE text COLLATE "C"`);
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_national_id_check`);
    await q.query(
      `ALTER TABLE student ADD CONSTRAINT student_national_id_check
         CHECK (octet_length(national_id) = 13 AND ltrim(national_id, '0123456789') = '')`,
    );
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_g_code_check`);
    await q.query(
      `ALTER TABLE student ADD CONSTRAINT student_g_code_check
         CHECK (octet_length(g_code) = 13 AND left(g_code, 1) = 'G' AND ltrim(substr(g_code, 2), '0123456789') = '')`,
    );
    for (const column of ['school_code', 'area_office_code', 'province_code']) {
      await q.query(`ALTER TABLE enrollment ALTER COLUMN ${column} TYPE text COLLATE "C"`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['school_code', 'area_office_code', 'province_code']) {
      await q.query(`ALTER TABLE enrollment ALTER COLUMN ${column} TYPE text COLLATE "default"`);
    }
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_g_code_check`);
    await q.query(`ALTER TABLE student ADD CONSTRAINT student_g_code_check CHECK (g_code ~ '^G[0-9]{12}$')`);
    await q.query(`ALTER TABLE student DROP CONSTRAINT student_national_id_check`);
    await q.query(
      `ALTER TABLE student ADD CONSTRAINT student_national_id_check CHECK (national_id ~ '^[0-9]{13}$')`,
    );
    await q.query(`ALTER TABLE student ALTER COLUMN identity TYPE text COLLATE "default"`);
    await q.query(`ALTER TABLE student ADD CONSTRAINT student_g_code_key UNIQUE (g_code)`);
    await q.query(`ALTER TABLE student ADD CONSTRAINT student_national_id_key UNIQUE (national_id)`);
    for (const table of ['student', 'enrollment', 'enrollment_conflict']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    }
    await q.query(`DROP FUNCTION uuid_v7()`);
  }
}
