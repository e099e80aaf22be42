import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attendance (issue 15/16): `attendance_day` keeps the latest revision of each school's day from
 * `students.attendance.daily.v1` (a later revision replaces, an older or replayed one is a no-op), with the
 * day's attendance period (academic year and semester, `2568-1`); the school's `attendance` figures of a
 * period are recomputed from its days. `figure_period.semester` says which semester an attendance period is.
 */
export class AttendanceDay1796137344312 implements MigrationInterface {
  name = 'AttendanceDay1796137344312';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attendance_day (
        school_id uuid NOT NULL,
        day date NOT NULL,
        period text COLLATE "C" NOT NULL,
        revision int NOT NULL,
        enrolled int NOT NULL,
        present int NOT NULL,
        absent int NOT NULL,
        late int NOT NULL,
        sick_leave int NOT NULL,
        personal_leave int NOT NULL,
        unmarked int NOT NULL,
        PRIMARY KEY (school_id, day)
      )`);
    await q.query(`CREATE INDEX attendance_day_period ON attendance_day (school_id, period)`);
    await q.query(`ALTER TABLE figure_period ADD COLUMN semester int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE figure_period DROP COLUMN semester`);
    await q.query(`DROP TABLE attendance_day`);
  }
}
