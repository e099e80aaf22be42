import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * __Records__ of schools. `school_id` is the directory id; where the school sits (its OBEC code and
 * area office) is read from `directory_school_replica` at query time, so a school that moves area is
 * scoped by its new area at once. Codes are text with CHECKs, never char(n).
 */
export class Create__Records____TIMESTAMP__ implements MigrationInterface {
  name = 'Create__Records____TIMESTAMP__';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE __record_snake__ (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        school_id uuid NOT NULL,
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        responsible_person text NOT NULL CHECK (length(btrim(responsible_person)) BETWEEN 1 AND 200),
        recorded_on date NOT NULL,
        version int NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX __record_snake___school ON __record_snake__ (school_id, created_at DESC, id)`,
    );
    await q.query(`CREATE INDEX __record_snake___created ON __record_snake__ (created_at DESC, id)`);
    await q.query(
      `COMMENT ON COLUMN __record_snake__.responsible_person IS 'Personal data (a person''s name). ข้อมูลส่วนบุคคล'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE __record_snake__`);
  }
}
