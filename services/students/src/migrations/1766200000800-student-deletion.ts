import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner exchange (issue 17): `deleteStudent` removes a student registered in error with its
 * enrolments, transfers and enrolment conflicts. What was deleted, by whom and why stays here (ids,
 * codes, the reason; no copy of the personal data) — the record of the write besides the
 * `students.student.changed.v1` DELETED event.
 */
export class StudentDeletion1766200000800 implements MigrationInterface {
  name = 'StudentDeletion1766200000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE student_deletion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- No foreign key: the student is gone.
        student_id uuid NOT NULL,
        school_code text,
        area_office_code text,
        student_version int NOT NULL,
        enrollments int NOT NULL,
        transfers int NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        deleted_by text NOT NULL,
        deleted_by_role text NOT NULL,
        deleted_by_org text NOT NULL,
        request_id text,
        deleted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX student_deletion_student ON student_deletion (student_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE student_deletion`);
  }
}
